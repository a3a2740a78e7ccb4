package supervisor.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * The supervisor.healthcheck bundle with Felix Health Checks: one check per supervisor, named and
 * tagged after it and gone with it; OK / WARN / CRITICAL through the HC executor; and over HTTP,
 * Felix HC's servlet on Jetty (127.0.0.1, a free port) at {@value #PATH}: 200 while every service
 * runs, 200 (WARN) while one is stopped by hand, 503 once one gave up. Each test runs its own factory supervisor, so the checks of other
 * tests never mix in.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthIT extends OsgiTestSupport {

    private static final String PATH = "/system/health";
    private static final String SERVLET_FACTORY_PID = "org.apache.felix.hc.core.impl.servlet.HealthCheckExecutorServlet";
    private static final String HC_PID = "supervisor.healthcheck";
    private static final String SECRET = "the secret message";

    @Inject
    HealthCheckExecutor executor;

    private final List<Configuration> supervisors = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return framework("health", healthBundles(freeLoopbackPort()));
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Runs until cancelled. */
    static final class Steady implements Service {
        @Override
        public void run(ServiceContext context) throws InterruptedException {
            context.awaitCancellation();
        }
    }

    /** Throws at once, every run, with {@link #SECRET} as the message. */
    static final class Failing implements Service {
        @Override
        public void run(ServiceContext context) {
            throw new IllegalStateException(SECRET);
        }
    }

    /** The HC servlet is served only once its factory configuration exists. */
    @Before
    public void serveHealthOverHttp() throws Exception {
        Configuration servlet = configAdmin.getFactoryConfiguration(SERVLET_FACTORY_PID, "supervisor", "?");
        servlet.updateIfDifferent(dictionary("servletPath", PATH, "format", "json",
                "httpStatusMapping", "OK:200,WARN:200,CRITICAL:503,TEMPORARILY_UNAVAILABLE:503,HEALTH_CHECK_ERROR:500"));
        // Jetty's first answers may be slow (SPI Fly weaves its classes as they load): a timeout is retried
        waitUp().atMost(Duration.ofSeconds(45)).ignoreExceptions()
                .until(() -> get(PATH + "?tags=none").statusCode() == 200);
    }

    @After
    public void deleteConfigurations() throws Exception {
        for (Configuration configuration : supervisors) {
            configuration.delete();
        }
        Configuration hc = configAdmin.getConfiguration(HC_PID, "?");
        if (hc.getProperties() != null) {
            hc.delete();
        }
        waitUp().until(() -> context.getServiceReferences(HealthCheck.class, "(" + SupervisorConstants.NAME + "=hc-*)")
                .isEmpty());
    }

    /** A factory supervisor that runs the services of its own group; deleted after the test. */
    private SupervisorRuntime supervisorOfItsOwn(String name) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(SupervisorConstants.FACTORY_PID, name, "?");
        String filter = "(" + SupervisorConstants.GROUP + "=" + name + ")";
        configuration.update(dictionary(SupervisorConstants.NAME, name, SupervisorConstants.SERVICES_TARGET, filter,
                SupervisorConstants.LISTENERS_TARGET, filter));
        supervisors.add(configuration);
        return supervisor(name);
    }

    /** A service that gives up after its second failure (one restart tolerated a minute, 10 ms apart). */
    private void registerFailing(String supervisor, String name) {
        register(new Failing(), SupervisorConstants.NAME, name, SupervisorConstants.GROUP, supervisor,
                SupervisorConstants.MIN_DELAY, 10, SupervisorConstants.MAX_RESTARTS, 1,
                SupervisorConstants.WINDOW, "PT1M");
    }

    private static boolean hasStatus(SupervisorRuntime supervisor, String name, Status status) {
        return supervisor.status(name).map(update -> update.status() == status).orElse(false);
    }

    private static long idOf(SupervisorRuntime supervisor, String name) {
        return supervisor.describe().services().stream().filter(s -> s.name().equals(name))
                .mapToLong(ServiceDescription::id).findFirst().orElseThrow();
    }

    /** The result of the named supervisor's check, executed now (no cached result). */
    private Result execute(String supervisor) {
        List<HealthCheckExecutionResult> results = executor.execute(
                HealthCheckSelector.tags("supervisor." + supervisor),
                new HealthCheckExecutionOptions().setForceInstantExecution(true));
        assertEquals(1, results.size());
        assertEquals("supervisor " + supervisor, results.get(0).getHealthCheckMetadata().getName());
        return results.get(0).getHealthCheckResult();
    }

    private static List<String> entries(Result result) {
        List<String> entries = new ArrayList<>();
        for (ResultLog.Entry entry : result) {
            entries.add(entry.getStatus() + " " + entry.getMessage());
        }
        return entries;
    }

    private HttpResponse<String> get(String pathAndQuery) {
        String port = context.getProperty("org.osgi.service.http.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + request.uri(), e);
        }
    }

    @Test
    public void aSupervisor_hasOneCheckNamedAndTaggedAfterIt_goneWithIt() throws Exception {
        supervisorOfItsOwn("hc-tagged");

        HealthCheck check = service(HealthCheck.class, "(hc.name=supervisor hc-tagged)");
        ServiceReference<HealthCheck> reference = context.getServiceReferences(HealthCheck.class,
                "(hc.name=supervisor hc-tagged)").iterator().next();
        assertArrayEquals(new String[] {"supervisor", "supervisor.hc-tagged"},
                (String[]) reference.getProperty(HealthCheck.TAGS));
        assertEquals("hc-tagged", reference.getProperty(SupervisorConstants.NAME));
        assertEquals(List.of("OK supervisor 'hc-tagged' RUNNING: no services"), entries(check.execute()));

        supervisors.remove(0).delete();

        waitUp().until(() -> context.getServiceReferences(HealthCheck.class, "(hc.name=supervisor hc-tagged)").isEmpty());
    }

    @Test
    public void execute_okWhileRunning_warnWhenStoppedByHand_criticalOnceAServiceGaveUp() throws Exception {
        SupervisorRuntime supervisor = supervisorOfItsOwn("hc-levels");
        register(new Steady(), SupervisorConstants.NAME, "steady", SupervisorConstants.GROUP, "hc-levels");
        waitUp().until(() -> isRunning(supervisor, "steady"));
        long steady = idOf(supervisor, "steady");

        assertEquals(List.of("OK supervisor 'hc-levels' RUNNING: 1 service, 1 running"), entries(execute("hc-levels")));

        assertTrue(supervisor.stop("steady"));
        Result stopped = execute("hc-levels");
        assertEquals(Result.Status.WARN, stopped.getStatus());
        assertEquals(List.of("WARN service 'steady' #" + steady + ": STOPPED (STOPPED_BY_REQUEST), stopped by hand",
                "WARN supervisor 'hc-levels' RUNNING: 1 service, 1 stopped by hand"), entries(stopped));

        assertTrue(supervisor.start("steady"));
        registerFailing("hc-levels", "failing");
        waitUp().until(() -> hasStatus(supervisor, "failing", Status.GAVE_UP) && isRunning(supervisor, "steady"));
        long failing = idOf(supervisor, "failing");
        Result gaveUp = execute("hc-levels");
        assertEquals(Result.Status.CRITICAL, gaveUp.getStatus());
        assertEquals(List.of("CRITICAL service 'failing' #" + failing + ": GAVE_UP (GAVE_UP), after 1 restart, "
                        + "java.lang.IllegalStateException: gave up: 1 restart within PT1M reached the limit of 1",
                "CRITICAL supervisor 'hc-levels' RUNNING: 2 services, 1 running, 1 gave up"), entries(gaveUp));
    }

    @Test
    public void http_200WhileEveryServiceRuns_200WhenStoppedByHand_503OnceOneGaveUp_neverTheMessage() throws Exception {
        SupervisorRuntime supervisor = supervisorOfItsOwn("hc-web");
        register(new Steady(), SupervisorConstants.NAME, "steady", SupervisorConstants.GROUP, "hc-web");
        waitUp().until(() -> isRunning(supervisor, "steady"));
        String query = PATH + "?tags=supervisor.hc-web&forceInstantExecution=true";

        HttpResponse<String> healthy = get(query);
        assertEquals(healthy.body(), 200, healthy.statusCode());
        assertTrue(healthy.body(), healthy.body().contains("\"overallResult\":\"OK\""));

        assertTrue(supervisor.stop("steady"));
        HttpResponse<String> warn = get(query);
        assertEquals(warn.body(), 200, warn.statusCode());
        assertTrue(warn.body(), warn.body().contains("\"overallResult\":\"WARN\""));
        assertTrue(supervisor.start("steady"));

        registerFailing("hc-web", "failing");
        waitUp().until(() -> hasStatus(supervisor, "failing", Status.GAVE_UP));

        HttpResponse<String> critical = get(query);
        assertEquals(critical.body(), 503, critical.statusCode());
        assertTrue(critical.body(), critical.body().contains("\"overallResult\":\"CRITICAL\""));
        assertTrue(critical.body(), critical.body().contains("service 'failing'"));
        assertTrue(critical.body(), critical.body().contains("java.lang.IllegalStateException"));
        assertFalse(critical.body(), critical.body().contains(SECRET));
        assertFalse(critical.body(), critical.body().contains("\tat "));
        // every check together (the tag every supervisor's check has), as a probe would ask
        assertEquals(503, get(PATH + "?tags=supervisor&forceInstantExecution=true").statusCode());
    }

    @Test
    public void showErrors_configured_resultsShowTheMessage_untilTheConfigurationGoes() throws Exception {
        SupervisorRuntime supervisor = supervisorOfItsOwn("hc-errors");
        registerFailing("hc-errors", "failing");
        waitUp().until(() -> hasStatus(supervisor, "failing", Status.GAVE_UP));
        assertFalse(entries(execute("hc-errors")).get(0).contains(SECRET));

        configAdmin.getConfiguration(HC_PID, "?").update(dictionary("show.errors", true));
        waitUp().until(() -> entries(execute("hc-errors")).get(0).contains("java.lang.IllegalStateException: " + SECRET));

        configAdmin.getConfiguration(HC_PID, "?").delete();
        waitUp().until(() -> !entries(execute("hc-errors")).get(0).contains(SECRET));
    }
}
