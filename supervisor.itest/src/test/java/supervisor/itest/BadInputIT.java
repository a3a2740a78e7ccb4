package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.List;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import supervisor.api.RefusedRegistration;
import supervisor.api.Service;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/**
 * Bad input while a service runs, in a real framework: bad configurations through ConfigAdmin and
 * bad service properties through the whiteboard are rejected with a log line naming the property
 * and the value; the running service keeps its run (same update, restart count 0, RUNNING) and the
 * settings in force stay the last good ones.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadInputIT extends OsgiTestSupport {

    /** The settings in force, in the log's words, after {@code configureDefault("PT0.2S", "PT10S")}. */
    private static final String IN_FORCE = "restart.interval=PT0.2S, shutdown.timeout=PT10S, thread.kind=PLATFORM,"
            + " listener.backlog=1024, services.target=(!(supervisor.group=*)), listeners.target=(!(supervisor.group=*)),"
            + " history.size=10";

    @Inject
    @Filter("(supervisor.name=default)")
    SupervisorRuntime supervisor;

    private Probe steady;

    @Configuration
    public Option[] config() {
        return framework("badinput");
    }

    @Before
    public void goodConfigurationAndARunningService() throws Exception {
        configureDefault("PT0.2S", "PT10S");
        steady = new Probe();
        register(steady, SupervisorConstants.NAME, "steady");
        waitUp().until(() -> isRunning(supervisor, "steady"));
    }

    @Test
    public void badConfigurations_areRejectedNamingPropertyAndValue_theServiceKeepsItsRun_andTheSettingsStay()
            throws Exception {
        StatusUpdate before = supervisor.status("steady").orElseThrow();
        List<Object[]> bad = List.of(
                new Object[] {SupervisorConstants.RESTART_INTERVAL, "0", "restart.interval = '0' is invalid"
                        + " (restartInterval must be from PT0.001S to PT24H, was PT0S); expected milliseconds (such as"
                        + " 500) or an ISO-8601 duration (such as PT0.5S) from PT0.001S to PT24H"},
                new Object[] {SupervisorConstants.LISTENER_BACKLOG, "99999999999999999999", "listener.backlog ="
                        + " '99999999999999999999' is invalid (out of range); expected a whole number from 1 to 1048576"},
                new Object[] {SupervisorConstants.HISTORY_SIZE, -1, "history.size = -1 (Integer) is invalid (historySize"
                        + " must be from 1 to 10000, was -1); expected a whole number from 1 to 10000"},
                new Object[] {SupervisorConstants.CONFIG_RESTART, "SOMETIMES", "restart = 'SOMETIMES' is invalid (no"
                        + " such Restart); expected one of [ALWAYS, ON_FAILURE, NEVER], any case"},
                new Object[] {SupervisorConstants.CONFIG_MULTIPLIER, new String[] {"2", "3"}, "multiplier = String[]"
                        + " [2, 3] is invalid (expected a single value, not 2); expected a number from 1.0 to 100.0"},
                new Object[] {SupervisorConstants.SERVICES_TARGET, "(supervisor.group=x", "services.target ="
                        + " '(supervisor.group=x' is invalid (not a valid filter: Filter ended abruptly:"
                        + " (supervisor.group=x); expected an LDAP filter such as (supervisor.group=fast)"},
                new Object[] {".password", "hunter2", null}); // unknown to the supervisor: ignored, never shown

        for (Object[] row : bad) {
            Dictionary<String, Object> properties = dictionary(SupervisorConstants.RESTART_INTERVAL, "PT0.2S",
                    SupervisorConstants.SHUTDOWN_TIMEOUT, "PT10S");
            properties.put((String) row[0], row[1]);
            long applied = count(e -> e.getMessage().startsWith("supervisor 'default' configured (" + IN_FORCE + ")"));
            configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(properties);
            if (row[2] == null) {
                waitUp().until(() -> count(e -> e.getMessage().startsWith("supervisor 'default' configured ("
                        + IN_FORCE + ")")) > applied);
                continue;
            }
            String problem = (String) row[2];
            LogEntry rejected = awaitLog(e -> e.getMessage().endsWith(problem));
            assertEquals(LogLevel.ERROR, rejected.getLogLevel());
            assertEquals("supervisor 'default': configuration rejected, keeping the one in force (" + IN_FORCE + "): "
                    + problem, rejected.getMessage());
            assertUndisturbed(before);
        }
        assertTrue(logged.stream().noneMatch(e -> e.getMessage() != null && e.getMessage().contains("hunter2")));
        assertUndisturbed(before);
    }

    @Test
    public void badServiceProperties_areLoggedNamingPropertyAndValue_andEveryServiceKeepsRunning() throws Exception {
        StatusUpdate steadyBefore = supervisor.status("steady").orElseThrow();
        Probe changing = new Probe();
        ServiceRegistration<Service> registration = register(changing, SupervisorConstants.NAME, "changing");
        waitUp().until(() -> isRunning(supervisor, "changing"));
        StatusUpdate changingBefore = supervisor.status("changing").orElseThrow();
        long id = (Long) registration.getReference().getProperty("service.id");

        // a running service's properties turn bad: logged, its run goes on
        registration.setProperties(dictionary(SupervisorConstants.NAME, "changing", SupervisorConstants.JITTER, "lots"));
        LogEntry jitter = awaitLog(e -> e.getMessage().contains("supervisor.jitter = 'lots'"));
        assertEquals(LogLevel.ERROR, jitter.getLogLevel());
        assertEquals("supervisor 'default': service 'changing' (service.id " + id + "): service property"
                + " supervisor.jitter = 'lots' is invalid (not a number); expected a number from 0 (no jitter) to below 1;"
                + " the service runs and inherits this setting", jitter.getMessage());
        assertEquals(changingBefore, supervisor.status("changing").orElseThrow());
        assertEquals(1, changing.runs());

        // a new registration with bad properties runs anyway, and describe() says what was refused
        Probe fresh = new Probe();
        ServiceRegistration<Service> freshRegistration = register(fresh, SupervisorConstants.NAME, "fresh",
                SupervisorConstants.MIN_DELAY, -1L, SupervisorConstants.MAX_RESTARTS, "99999999999");
        long freshId = (Long) freshRegistration.getReference().getProperty("service.id");
        waitUp().until(() -> isRunning(supervisor, "fresh"));
        awaitLog(e -> e.getMessage().contains("supervisor.min.delay = -1 (Long) is invalid"));
        awaitLog(e -> e.getMessage().contains("supervisor.max.restarts = '99999999999' is invalid (out of range)"));
        List<String> refusals = supervisor.describe().refused().stream().filter(r -> r.serviceId() == freshId)
                .map(RefusedRegistration::detail).toList();
        assertEquals(List.of("service property supervisor.min.delay = -1 (Long) is invalid (minDelay must be from"
                + " PT0.001S to PT24H, was PT-0.001S); expected milliseconds (such as 500) or an ISO-8601 duration (such"
                + " as PT0.5S) from PT0.001S to PT24H; the service runs and inherits this setting",
                "service property supervisor.max.restarts = '99999999999' is invalid (out of range); expected a whole"
                + " number from 0 (no limit) to 1000000, together with supervisor.window unless 0; the service runs and"
                + " inherits this setting"), refusals);

        assertUndisturbed(steadyBefore);
        assertEquals(changingBefore, supervisor.status("changing").orElseThrow());
    }

    @Test
    public void minDelayAboveTheInheritedMaxDelay_isResolvedAsAFixedDelay_andLoggedAtWarn() throws Exception {
        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "PT0.2S", SupervisorConstants.SHUTDOWN_TIMEOUT, "PT10S",
                SupervisorConstants.CONFIG_MAX_DELAY, "PT1S"));
        awaitLog(e -> e.getMessage().startsWith("supervisor 'default' configured (" + IN_FORCE + ", max.delay=PT1S)"));

        ServiceRegistration<Service> registration = register(new Probe(), SupervisorConstants.NAME, "slow-start",
                SupervisorConstants.MIN_DELAY, "PT3S");
        long id = (Long) registration.getReference().getProperty("service.id");
        waitUp().until(() -> isRunning(supervisor, "slow-start"));

        LogEntry warning = awaitLog(e -> e.getMessage().contains("service 'slow-start'"));
        assertEquals(LogLevel.WARN, warning.getLogLevel());
        assertEquals("supervisor 'default': service 'slow-start' (service.id " + id + "): supervisor.min.delay PT3S"
                + " exceeds the supervisor's default max.delay PT1S (inherited max delay); a maxDelay below minDelay"
                + " counts as minDelay, so it restarts after a fixed PT3S", warning.getMessage());
        assertEquals(Duration.ofSeconds(3), supervisor.policy("slow-start").maxDelay().orElseThrow());
        configureDefault("PT0.2S", "PT10S");
    }

    /** How many log entries of this test match. */
    private long count(java.util.function.Predicate<LogEntry> matching) {
        return logged.stream().filter(e -> e.getMessage() != null && matching.test(e)).count();
    }

    /** The steady service keeps the very run it had, and the settings in force are the good ones. */
    private void assertUndisturbed(StatusUpdate before) {
        assertEquals(before, supervisor.status("steady").orElseThrow());
        assertEquals(1, steady.runs());
        SupervisorDescription description = supervisor.describe();
        ServiceDescription service = description.services().stream().filter(s -> s.name().equals("steady"))
                .findFirst().orElseThrow();
        assertEquals(Status.RUNNING, service.status());
        assertEquals(0, service.restartCount());
        assertEquals(Duration.ofMillis(200), description.settings().restartInterval());
        assertEquals(Duration.ofSeconds(10), description.settings().shutdownTimeout());
        assertEquals(1024, description.settings().listenerBacklog());
        assertEquals(10, description.settings().historySize());
    }
}
