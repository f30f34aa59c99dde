package io.tigerbridge.hapi;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import org.hl7.fhir.dstu2.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The HAPI JPA storage layer: settings, H2 file database, Hibernate, subscriptions and batch jobs.
 */
@Configuration
@Import({
	JpaR4Config.class,
	// HapiJpaConfig supplies the beans JpaConfig expects the application to provide:
	// full-text search service (a no-op while Hibernate Search is off), stale-search cleanup,
	// the database-backed paging provider, resource-count cache and the supported-resources service.
	HapiJpaConfig.class,
	// Subscription matching happens on write (submitter), delivery in the processor; both talk
	// over in-memory channels (channel config). All three are needed for a rest-hook to fire.
	SubscriptionSubmitterConfig.class,
	SubscriptionProcessorConfig.class,
	SubscriptionChannelConfig.class,
	// JpaConfig refers to Batch2 beans ($expunge, delete-expunge and reindex run as Batch2 jobs).
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	ThreadPoolFactoryConfig.class
})
public class FhirJpaConfig {
	private static final Logger ourLog = LoggerFactory.getLogger(FhirJpaConfig.class);

	@Bean
	public JpaStorageSettings storageSettings() {
		JpaStorageSettings settings = new JpaStorageSettings();
		// Tests write then immediately search; a cached search result would hide the new resource.
		settings.setReuseCachedSearchResultsForMillis(null);
		// Test suites clean up with DELETE + $expunge.
		settings.setExpungeEnabled(true);
		settings.setDeleteExpungeEnabled(true);
		settings.setAllowMultipleDelete(true);
		// DELETE ...&_expunge=true runs as a Batch2 job whose steps otherwise each wait for the
		// once-a-minute maintenance pass (several minutes in all); fast tracking runs small jobs at once.
		settings.setJobFastTrackingEnabled(true);
		// References must resolve to resources on this server; that is what we want checked.
		settings.setAllowExternalReferences(false);
		// Client-assigned ids (PUT-to-create with deterministic ids) must be non-numeric,
		// which is HAPI's default ALPHANUMERIC strategy; stated here so nobody changes it by accident.
		settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
		return settings;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	public SubscriptionSettings subscriptionSettings() {
		SubscriptionSettings settings = new SubscriptionSettings();
		// Without a supported channel type HAPI accepts Subscriptions but never activates them.
		settings.addSupportedSubscriptionType(Subscription.SubscriptionChannelType.RESTHOOK);
		// Since HAPI 6.10 resource changes are spooled to the database and pushed by a scheduled
		// job (default every 5 s); at 1 s a create-to-delivery round trip takes about a second.
		settings.setSubscriptionIntervalInMs(1000);
		// Deliberately NOT setSubscriptionChangeQueuedImmediately(true): in HAPI 8.8 it hands the
		// Subscription change to the matching channel before the transaction commits. The listener
		// then reads the Subscription back too early: a create fails and is retried (~1 s, ERROR in
		// the log), and a DELETE reads the still-active row, so the deleted Subscription stays
		// registered and keeps delivering until the next full resync (a minute or more).
		// Through the 1 s spool a new Subscription still becomes active within about a second.
		return settings;
	}

	/** Email subscriptions are not supported here; HAPI still wants a sender bean. */
	@Bean
	public IEmailSender emailSender() {
		return details -> ourLog.warn("Email subscription delivery is disabled; dropping {}", details);
	}

	@Bean(destroyMethod = "close")
	public DataSource dataSource(Environment env) throws Exception {
		Path dir = Path.of(env.getProperty("HAPI_DATA_DIR", ".var/hapi/db")).toAbsolutePath();
		Files.createDirectories(dir);
		HikariConfig config = new HikariConfig();
		// DB_CLOSE_ON_EXIT=FALSE: let Spring close the pool (and so H2) in order on shutdown,
		// instead of H2's own JVM hook racing HAPI's last writes.
		config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("hapi") + ";DB_CLOSE_ON_EXIT=FALSE");
		config.setUsername("sa");
		config.setPassword("");
		config.setMaximumPoolSize(20);
		config.setPoolName("hapi-h2");
		ourLog.info("H2 database at {}", dir);
		return new HikariDataSource(config);
	}

	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			DataSource dataSource) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		Properties props = new Properties();
		// HAPI refuses to start without an explicit HAPI dialect.
		props.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
		// A throwaway local database: let Hibernate create and evolve the schema (no Flyway).
		props.put("hibernate.hbm2ddl.auto", "update");
		// No Lucene/Elasticsearch index: HAPI then searches with plain SQL.
		props.put("hibernate.search.enabled", "false");
		props.put("hibernate.format_sql", "false");
		props.put("hibernate.show_sql", "false");
		factory.setJpaProperties(props);
		return factory;
	}

	@Bean
	@Primary
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}
}
