package io.tigerbridge.hapi;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Pays the validator's one-off start-up cost (loading the R4 StructureDefinitions, ValueSets and
 * terminology caches, tens of seconds) before any client asks, and reports when that is done.
 *
 * <p>The warm-up goes through HTTP on loopback rather than calling the DAO, so the same path a real
 * client takes (servlet, parser, operation binding, validator) is warm. {@code GET /ready} answers
 * 503 until the warm-up is finished and 200 afterwards; scripts/hapi.sh waits on it.
 */
@Configuration
public class ValidatorWarmup {
	private static final Logger ourLog = LoggerFactory.getLogger(ValidatorWarmup.class);

	/** Logged once warm-up finishes; scripts may look for it in the log. */
	public static final String DONE_MARKER = "TIGERBRIDGE_HAPI_WARMUP_DONE";

	private static final String PATIENT =
			"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Warmup\"}],\"gender\":\"unknown\"}";
	// A Condition too: the clinical resources TigerBridge validates pull in more value sets.
	private static final String CONDITION = "{\"resourceType\":\"Condition\","
			+ "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
			+ "\"code\":{\"text\":\"warm-up\"},\"subject\":{\"reference\":\"Patient/warmup\"}}";

	private volatile boolean myDone;

	@Bean
	public ServletRegistrationBean<HttpServlet> readyServlet() {
		HttpServlet servlet = new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
				resp.setContentType("text/plain");
				resp.setStatus(myDone ? 200 : 503);
				resp.getWriter().println(myDone ? "ready" : "warming up");
			}
		};
		return new ServletRegistrationBean<>(servlet, "/ready");
	}

	@EventListener(ApplicationReadyEvent.class)
	public void onReady(ApplicationReadyEvent event) {
		Environment env = event.getApplicationContext().getEnvironment();
		String base = "http://127.0.0.1:" + env.getProperty("local.server.port", "8080") + "/fhir";
		// Its own thread: ApplicationReadyEvent listeners run on the main thread, and we do not
		// want a slow validator to look like a hung start-up.
		Thread thread = new Thread(() -> warmUp(base), "validator-warmup");
		thread.setDaemon(true);
		thread.start();
	}

	private void warmUp(String base) {
		long start = System.currentTimeMillis();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		try {
			// The capability statement is generated lazily and costs a few seconds the first time.
			send(client, HttpRequest.newBuilder(URI.create(base + "/metadata")).GET());
			validate(client, base + "/Patient/$validate", PATIENT);
			validate(client, base + "/Condition/$validate", CONDITION);
		} catch (Exception e) {
			// A failed warm-up only costs speed later; never keep the server from reporting ready.
			ourLog.warn("Validator warm-up failed: {}", e.toString());
		}
		myDone = true;
		ourLog.info("{} validator warm-up took {} ms", DONE_MARKER, System.currentTimeMillis() - start);
	}

	private static void validate(HttpClient client, String url, String body) throws Exception {
		send(client, HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static void send(HttpClient client, HttpRequest.Builder builder) throws Exception {
		HttpRequest request = builder.timeout(Duration.ofMinutes(5)).build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		ourLog.info("Warm-up {} {} -> HTTP {}", request.method(), request.uri(), response.statusCode());
	}
}
