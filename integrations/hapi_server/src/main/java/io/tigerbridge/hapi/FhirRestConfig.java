package io.tigerbridge.hapi;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.interceptor.CascadingDeleteInterceptor;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR REST endpoint at /fhir: the JPA resource providers, the system provider
 * (transaction/batch Bundles posted to the base URL, $expunge) and a capability
 * statement that reflects what the JPA layer actually supports.
 */
@Configuration
public class FhirRestConfig {

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(
			FhirContext fhirContext,
			IInterceptorService interceptorService,
			@Qualifier("myResourceProvidersR4") ResourceProviderFactory resourceProviders,
			JpaSystemProvider<Bundle, Meta> systemProvider,
			IFhirSystemDao<Bundle, Meta> systemDao,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			CascadingDeleteInterceptor cascadingDelete) {

		// Share the JPA layer's interceptor service: subscription matching and other storage
		// hooks are registered there, and a separate server-side service would never see them.
		RestfulServer server = new RestfulServer(fhirContext, interceptorService);
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		server.setPagingProvider(pagingProvider);
		// Honours DELETE ...?_cascade=delete (as the hapiproject/hapi image does), so tests can remove
		// a Patient together with everything referring to it; plain DELETEs still answer 409.
		server.registerInterceptor(cascadingDelete);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport));

		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		// Initialise HAPI's servlet with the context rather than on the first request,
		// so /fhir/metadata answering means the server is really up.
		registration.setLoadOnStartup(1);
		return registration;
	}
}
