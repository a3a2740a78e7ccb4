package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.io.Reader;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/**
 * The last good configuration survives a restart of supervisor.impl: a rejected configuration
 * stays in ConfigAdmin, and the supervisor activated again runs on the configuration it accepted
 * last (kept in the bundle's data area), saying so at WARN, not on the defaults.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LastGoodIT extends OsgiTestSupport {

    /** The default supervisor's settings in the log's words, with restart.interval PT0.2S and shutdown.timeout PT5S. */
    private static final String GOOD = "restart.interval=PT0.2S, shutdown.timeout=PT5S, thread.kind=PLATFORM,"
            + " listener.backlog=1024, services.target=(!(supervisor.group=*)), listeners.target=(!(supervisor.group=*)),"
            + " history.size=10";
    private static final String REJECTED = "restart.interval = '-5' is invalid (restartInterval must be from PT0.001S to"
            + " PT24H, was PT-0.005S); expected milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S) from"
            + " PT0.001S to PT24H";

    @Configuration
    public Option[] config() {
        return framework("lastgood");
    }

    @Test
    public void rejectedConfigurationInConfigAdmin_afterARestartOfTheImplBundle_theSupervisorRunsOnTheLastGoodOne()
            throws Exception {
        Probe probe = new Probe();
        register(probe, SupervisorConstants.NAME, "kept");
        configureDefault("PT0.2S", "PT5S");
        SupervisorRuntime before = supervisor(SupervisorConstants.DEFAULT_SUPERVISOR_NAME);
        waitUp().until(() -> isRunning(before, "kept"));

        // a bad configuration: rejected, and the supervisor stays on the good one
        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "-5", SupervisorConstants.SHUTDOWN_TIMEOUT, "PT5S"));
        LogEntry rejected = awaitLog(e -> e.getMessage().startsWith("supervisor 'default': configuration rejected"));
        assertEquals(LogLevel.ERROR, rejected.getLogLevel());
        assertEquals("supervisor 'default': configuration rejected, keeping the one in force (" + GOOD + "): " + REJECTED,
                rejected.getMessage());
        assertSettings(before.describe(), Duration.ofMillis(200), Duration.ofSeconds(5));

        // stop and start supervisor.impl: the bad configuration is still what ConfigAdmin holds
        Bundle impl = installed("supervisor.impl");
        impl.stop();
        waitUp().until(() -> context.getServiceReferences(SupervisorRuntime.class, null).isEmpty());
        impl.start();

        SupervisorRuntime after = supervisor(SupervisorConstants.DEFAULT_SUPERVISOR_NAME);
        assertSettings(after.describe(), Duration.ofMillis(200), Duration.ofSeconds(5));
        Path file = impl.getBundleContext().getDataFile("last-good").toPath().resolve("supervisor.properties");
        String acceptedAt = read(file).getProperty("accepted.at");
        LogEntry restored = awaitLog(e -> e.getMessage().startsWith("supervisor 'default': configuration rejected:"));
        assertEquals(LogLevel.WARN, restored.getLogLevel());
        assertEquals("supervisor 'default': configuration rejected: " + REJECTED + "; running on the last good"
                + " configuration, accepted at " + acceptedAt + " and kept in " + file + " (" + GOOD + ")",
                restored.getMessage());
        LogEntry started = awaitLog(e -> e.getMessage().startsWith("supervisor 'default' started"));
        assertEquals("supervisor 'default' started (" + GOOD + ")", started.getMessage());
        waitUp().until(() -> isRunning(after, "kept"));
        assertEquals(2, probe.runs()); // a new supervisor runs it: the bundle did restart

        // a good configuration again: applied, and kept as the last good one
        configureDefault("PT0.3S", "PT5S");
        assertSettings(after.describe(), Duration.ofMillis(300), Duration.ofSeconds(5));
        assertEquals("PT0.3S", read(file).getProperty(SupervisorConstants.RESTART_INTERVAL));

        configAdmin.getConfiguration(SupervisorConstants.PID, "?").delete();
        waitUp().until(() -> supervisor(SupervisorConstants.DEFAULT_SUPERVISOR_NAME).describe().settings()
                .restartInterval().equals(Duration.ofSeconds(1)));
    }

    private static void assertSettings(SupervisorDescription description, Duration restartInterval,
            Duration shutdownTimeout) {
        assertEquals(SupervisorDescription.State.RUNNING, description.state());
        assertEquals(restartInterval, description.settings().restartInterval());
        assertEquals(shutdownTimeout, description.settings().shutdownTimeout());
        assertEquals(1024, description.settings().listenerBacklog());
        assertEquals(10, description.settings().historySize());
    }

    private static Properties read(Path file) throws Exception {
        assertTrue(file + " must exist", new File(file.toString()).isFile());
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
