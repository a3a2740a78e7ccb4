package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import supervisor.api.SupervisorConstants;
import supervisor.testing.FakeScheduler;

/** The last good configuration: kept on every acceptance, used at activation when the given one is invalid. */
class SupervisionLastGoodTest {

    private static final Instant ACCEPTED = Instant.parse("2026-12-02T01:00:00Z");
    private static final String PID = "supervisor.factory~fast";

    @TempDir
    Path directory;

    private final RecordingLog log = new RecordingLog();
    private final ClaimRegistry claims = new ClaimRegistry();
    private Supervision supervision;

    private LastGoodStore store() {
        return new LastGoodStore(directory, log, Clock.fixed(ACCEPTED, ZoneOffset.UTC));
    }

    /** A new supervision (the previous one deactivated), as after a restart of the bundle. */
    private Supervision activate(Map<String, Object> properties) {
        if (supervision != null) {
            supervision.deactivate();
        }
        supervision = new Supervision("fallback", properties, FactorySupervisorComponent.DEFAULTS, claims, log,
                config -> config.scheduler(new FakeScheduler()), store());
        supervision.activate();
        return supervision;
    }

    private static Map<String, Object> configuration(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", PID);
        properties.put(SupervisorConstants.NAME, "fast");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @AfterEach
    void deactivate() {
        if (supervision != null) {
            supervision.deactivate();
        }
    }

    @Test
    void activate_invalidConfigurationAfterAGoodOne_runsOnTheLastGood_andWarnsNamingValueTimeAndFile() {
        activate(configuration(SupervisorConstants.RESTART_INTERVAL, "PT0.2S", SupervisorConstants.HISTORY_SIZE, 5));

        Supervision restarted = activate(configuration(SupervisorConstants.RESTART_INTERVAL, "-5"));

        assertThat(restarted.settings().restartInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(restarted.settings().historySize()).isEqualTo(5);
        assertThat(restarted.describe().settings().restartInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(log.lines()).contains("WARN supervisor 'fast': configuration rejected: restart.interval = '-5' is"
                + " invalid (restartInterval must be from PT0.001S to PT24H, was PT-0.005S); expected milliseconds (such"
                + " as 500) or an ISO-8601 duration (such as PT0.5S) from PT0.001S to PT24H; running on the last good"
                + " configuration, accepted at 2026-12-02T01:00:00Z and kept in "
                + directory.resolve("supervisor.factory%7efast.properties") + " (restart.interval=PT0.2S,"
                + " shutdown.timeout=PT10S, thread.kind=PLATFORM, listener.backlog=1024, services.target=(supervisor.group=*),"
                + " listeners.target=(supervisor.group=*), history.size=5)");
        assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR"));
    }

    @Test
    void activate_invalidConfigurationWithNothingKept_runsOnTheDefaults_andSaysSoAtError() {
        Supervision bad = activate(configuration(SupervisorConstants.LISTENER_BACKLOG, "lots"));

        assertThat(bad.settings()).isEqualTo(FactorySupervisorComponent.DEFAULTS);
        assertThat(log.lines()).anyMatch(line -> line.startsWith("ERROR supervisor 'fast': configuration rejected,"
                + " running on the defaults (") && line.endsWith("listener.backlog = 'lots' is invalid (not a whole"
                + " number); expected a whole number from 1 to 1048576"));
        assertThat(directory.resolve("supervisor.factory%7efast.properties")).doesNotExist();
    }

    @Test
    void modified_valid_isKeptAsTheLastGood_andAnInvalidOneLeavesItAsItWas() throws Exception {
        Supervision fast = activate(configuration());
        fast.modified(configuration(SupervisorConstants.RESTART_INTERVAL, "PT3S"));
        Path file = directory.resolve("supervisor.factory%7efast.properties");
        String kept = Files.readString(file);

        fast.modified(configuration(SupervisorConstants.RESTART_INTERVAL, "PT3S", SupervisorConstants.THREAD_KIND, "GREEN"));

        assertThat(kept).contains("\nrestart.interval=PT3S\n");
        assertThat(Files.readString(file)).isEqualTo(kept);
        assertThat(activate(configuration(SupervisorConstants.THREAD_KIND, "GREEN")).settings().restartInterval())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void activate_invalidConfigurationThatAlsoRenames_findsTheLastGoodByItsPid() {
        activate(configuration(SupervisorConstants.RESTART_INTERVAL, "PT0.3S"));

        Supervision renamed = activate(configuration(SupervisorConstants.NAME, "faster",
                SupervisorConstants.SERVICES_TARGET, "(broken"));

        assertThat(renamed.name()).isEqualTo("faster");
        assertThat(renamed.settings().restartInterval()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void activate_corruptLastGood_isIgnoredWithALogLine_andTheDefaultsRun() throws Exception {
        Files.writeString(directory.resolve("supervisor.factory%7efast.properties"), "format=1\nkey=" + PID + "\n");

        Supervision bad = activate(configuration(SupervisorConstants.RESTART_INTERVAL, "soon"));

        assertThat(bad.settings()).isEqualTo(FactorySupervisorComponent.DEFAULTS);
        assertThat(log.lines()).contains("WARN supervisor 'fast': the last good configuration in "
                + directory.resolve("supervisor.factory%7efast.properties") + " is ignored: accepted.at is missing, not"
                + " an ISO-8601 instant");
    }

    @Test
    void deactivate_configurationDeleted_forgetsTheLastGood() {
        activate(configuration(SupervisorConstants.RESTART_INTERVAL, "PT0.3S"));

        supervision.deactivate(true);
        supervision = null;

        assertThat(directory.resolve("supervisor.factory%7efast.properties")).doesNotExist();
        assertThat(activate(configuration(SupervisorConstants.RESTART_INTERVAL, "-1")).settings())
                .isEqualTo(FactorySupervisorComponent.DEFAULTS);
    }

    @Test
    void key_isThePidElseTheComponentNameElseTheName() {
        assertThat(Supervision.key(Map.of("service.pid", "p", "component.name", "c"), "n")).isEqualTo("p");
        assertThat(Supervision.key(Map.of("component.name", "supervisor"), "default")).isEqualTo("supervisor");
        assertThat(Supervision.key(Map.of(), "n")).isEqualTo("n");
    }

    @Test
    void activate_defaultMaxDelayBelowTheRestartInterval_warnsThatTheDelayIsFixed() {
        activate(configuration(SupervisorConstants.RESTART_INTERVAL, "PT2S", SupervisorConstants.CONFIG_MAX_DELAY, "PT0.5S"));

        assertThat(log.lines()).contains("WARN supervisor 'fast': max.delay PT0.5S is below restart.interval PT2S, the"
                + " first delay; a maxDelay below minDelay counts as minDelay, so restarts wait a fixed PT2S (no backoff)");
    }
}
