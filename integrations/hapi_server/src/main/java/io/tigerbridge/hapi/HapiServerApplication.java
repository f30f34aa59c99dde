package io.tigerbridge.hapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Entry point of TigerBridge's local HAPI FHIR R4 JPA server.
 *
 * <p>Spring Boot auto-configuration is deliberately NOT enabled wholesale: HAPI's jars drag
 * Hibernate, Flyway, Quartz, Thymeleaf, Elasticsearch and springdoc onto the classpath, and
 * Boot would try to configure each of them (run Flyway against our H2 file, build a second
 * EntityManagerFactory, replace HAPI's task executor ...). HAPI wires its own persistence
 * and scheduling, so we import only the embedded Tomcat and placeholder support. The
 * customizer auto-configuration is what applies the server.tomcat.* properties (relaxed query chars).
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
	PropertyPlaceholderAutoConfiguration.class,
	ServletWebServerFactoryAutoConfiguration.class,
	EmbeddedWebServerFactoryCustomizerAutoConfiguration.class
})
@Import({FhirJpaConfig.class, FhirRestConfig.class, ValidatorWarmup.class})
public class HapiServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(HapiServerApplication.class, args);
	}
}
