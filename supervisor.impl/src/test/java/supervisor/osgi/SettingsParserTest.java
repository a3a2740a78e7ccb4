package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.SupervisorConstants;
import supervisor.api.ThreadKind;

class SettingsParserTest {

    private static final Settings DEFAULTS = DefaultSupervisorComponent.DEFAULTS;

    private static SettingsParser.Result parse(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return SettingsParser.parse(properties, DEFAULTS);
    }

    @Test
    void parse_noProperties_givesTheDefaults() {
        SettingsParser.Result result = parse();

        assertThat(result.problems()).isEmpty();
        assertThat(result.settings()).isEqualTo(DEFAULTS);
        assertThat(DEFAULTS.restartInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(DEFAULTS.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(DEFAULTS.threadKind()).isEqualTo(ThreadKind.PLATFORM);
        assertThat(DEFAULTS.listenerBacklog()).isEqualTo(1024);
        assertThat(DEFAULTS.servicesTarget()).isEqualTo("(!(supervisor.group=*))");
    }

    @Test
    void parse_unrelatedAndBlankProperties_areIgnored() {
        SettingsParser.Result result = parse("service.pid", "supervisor", "component.id", 7L,
                SupervisorConstants.RESTART_INTERVAL, "  ");

        assertThat(result.settings()).isEqualTo(DEFAULTS);
    }

    @Test
    void parse_durationAsDigits_isMilliseconds() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, "500",
                SupervisorConstants.SHUTDOWN_TIMEOUT, " 2500 ");

        assertThat(result.settings().restartInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(result.settings().shutdownTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void parse_durationAsNumber_isMilliseconds() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, 50L,
                SupervisorConstants.SHUTDOWN_TIMEOUT, 300);

        assertThat(result.settings().restartInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(result.settings().shutdownTimeout()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void parse_durationAsIso8601_inAnyCase() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, "PT0.5S",
                SupervisorConstants.SHUTDOWN_TIMEOUT, "pt1m");

        assertThat(result.settings().restartInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(result.settings().shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void parse_negativeDuration_isRejectedNamingPropertyValueAndExpectation() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, "-5");

        assertThat(result.isValid()).isFalse();
        assertThat(result.settings()).isNull();
        assertThat(result.problems()).singleElement().asString()
                .startsWith("restart.interval = '-5' is invalid (")
                .contains("was PT-0.005S")
                .endsWith("expected milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S)"
                        + " from PT0.001S to PT24H");
    }

    @Test
    void parse_unparsableDuration_isRejected() {
        SettingsParser.Result result = parse(SupervisorConstants.SHUTDOWN_TIMEOUT, "soon");

        assertThat(result.problems()).singleElement().asString()
                .startsWith("shutdown.timeout = 'soon' is invalid (not a number of milliseconds nor an ISO-8601 duration)")
                .endsWith("from PT0.001S to PT1H");
    }

    @Test
    void parse_absurdlyLongDuration_isRejected() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, "P365D");

        assertThat(result.problems()).singleElement().asString().contains("restart.interval = 'P365D' is invalid");
    }

    @Test
    void parse_zeroDuration_isRejected() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, 0L);

        assertThat(result.problems()).singleElement().asString().startsWith("restart.interval = 0 (Long) is invalid");
    }

    @Test
    void parse_fractionalNumberOfMilliseconds_isRejected() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, 1.5d);

        assertThat(result.problems()).singleElement().asString()
                .startsWith("restart.interval = 1.5 (Double) is invalid (not a whole number)");
    }

    @Test
    void parse_threadKind_inAnyCase() {
        SettingsParser.Result result = parse(SupervisorConstants.THREAD_KIND, "platform");

        assertThat(result.settings().threadKind()).isEqualTo(ThreadKind.PLATFORM);
    }

    @Test
    void parse_unknownThreadKind_isRejectedListingTheKinds() {
        SettingsParser.Result result = parse(SupervisorConstants.THREAD_KIND, "GREEN");

        assertThat(result.problems()).singleElement().asString()
                .startsWith("thread.kind = 'GREEN' is invalid (no such thread kind); expected one of [PLATFORM, VIRTUAL], any case");
    }

    @Test
    void parse_virtualThreadKind_dependsOnTheJvm() {
        SettingsParser.Result result = parse(SupervisorConstants.THREAD_KIND, "VIRTUAL");

        if (ThreadKind.virtualThreadsAvailable()) {
            assertThat(result.settings().threadKind()).isEqualTo(ThreadKind.VIRTUAL);
        } else {
            assertThat(result.problems()).singleElement().asString()
                    .contains("this JVM has no virtual threads").contains("VIRTUAL only on Java 21 or later");
        }
    }

    @Test
    void parse_listenerBacklog_asNumberOrDigits() {
        assertThat(parse(SupervisorConstants.LISTENER_BACKLOG, 16).settings().listenerBacklog()).isEqualTo(16);
        assertThat(parse(SupervisorConstants.LISTENER_BACKLOG, "32").settings().listenerBacklog()).isEqualTo(32);
    }

    @Test
    void parse_listenerBacklogOutOfRange_isRejected() {
        assertThat(parse(SupervisorConstants.LISTENER_BACKLOG, 0).problems()).singleElement().asString()
                .startsWith("listener.backlog = 0 (Integer) is invalid").endsWith("expected a whole number from 1 to 1048576");
        assertThat(parse(SupervisorConstants.LISTENER_BACKLOG, "99999999999").problems()).singleElement().asString()
                .startsWith("listener.backlog = '99999999999' is invalid (out of range)");
    }

    @Test
    void parse_historySizeBeyondLong_isOutOfRange() {
        assertThat(parse(SupervisorConstants.HISTORY_SIZE, "99999999999999999999").problems()).singleElement()
                .isEqualTo("history.size = '99999999999999999999' is invalid (out of range); expected a whole number"
                        + " from 1 to " + supervisor.api.Config.MAX_HISTORY_SIZE);
    }

    @Test
    void parse_targets_areKeptWhenTheyAreFilters() {
        SettingsParser.Result result = parse(SupervisorConstants.SERVICES_TARGET, "(supervisor.group=fast)",
                SupervisorConstants.LISTENERS_TARGET, "(supervisor.group=*)");

        assertThat(result.settings().servicesTarget()).isEqualTo("(supervisor.group=fast)");
        assertThat(result.settings().listenersTarget()).isEqualTo("(supervisor.group=*)");
    }

    @Test
    void parse_invalidTarget_isRejected() {
        SettingsParser.Result result = parse(SupervisorConstants.SERVICES_TARGET, "(supervisor.group=fast");

        assertThat(result.problems()).singleElement().asString()
                .startsWith("services.target = '(supervisor.group=fast' is invalid (not a valid filter");
    }

    @Test
    void parse_severalBadValues_reportsEachAndGivesNoSettings() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, "-1",
                SupervisorConstants.SHUTDOWN_TIMEOUT, "PT0.2S", SupervisorConstants.THREAD_KIND, "FAST");

        assertThat(result.settings()).isNull();
        assertThat(result.problems()).hasSize(2);
        assertThat(result.problems().get(0)).startsWith("restart.interval = '-1'");
        assertThat(result.problems().get(1)).startsWith("thread.kind = 'FAST'");
    }

    @Test
    void parse_arrayValue_isRejectedShowingTheArray() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, new String[] {"1", "2"});

        assertThat(result.problems()).singleElement().asString().startsWith("restart.interval = String[] [1, 2] is invalid");
    }

    @Test
    void settings_toConfig_carriesTheTimings() {
        Settings settings = parse(SupervisorConstants.RESTART_INTERVAL, "PT0.05S",
                SupervisorConstants.SHUTDOWN_TIMEOUT, "200", SupervisorConstants.LISTENER_BACKLOG, 8,
                SupervisorConstants.THREAD_KIND, "PLATFORM").settings();

        assertThat(settings.toConfig("x").build().restartInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.toConfig("x").build().shutdownTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.toConfig("x").build().listenerBacklog()).isEqualTo(8);
        assertThat(settings.toConfig("x").build().threadKind()).isEqualTo(ThreadKind.PLATFORM);
    }

    @Test
    void parse_defaultPolicyAndHistorySize_goIntoTheEngineConfig() {
        Settings settings = parse(SupervisorConstants.CONFIG_RESTART, "on_failure",
                SupervisorConstants.CONFIG_MAX_DELAY, "PT2S", SupervisorConstants.CONFIG_MULTIPLIER, "3",
                SupervisorConstants.CONFIG_MAX_RESTARTS, 4, SupervisorConstants.CONFIG_WINDOW, "PT30S",
                SupervisorConstants.HISTORY_SIZE, "25").settings();

        Policy expected = Policy.builder().restart(Restart.ON_FAILURE).maxDelay(Duration.ofSeconds(2)).multiplier(3)
                .intensity(4, Duration.ofSeconds(30)).build();
        assertThat(settings.defaultPolicy()).isEqualTo(expected);
        assertThat(settings.historySize()).isEqualTo(25);
        assertThat(settings.toConfig("x").build().defaultPolicy()).isEqualTo(expected);
        assertThat(settings.toConfig("x").build().historySize()).isEqualTo(25);
    }

    @Test
    void parse_metatypeDefaults_giveTheBuiltInBehaviour() {
        Settings settings = parse(SupervisorConstants.HISTORY_SIZE, 10, SupervisorConstants.CONFIG_RESTART, "ALWAYS",
                SupervisorConstants.CONFIG_MAX_DELAY, "", SupervisorConstants.CONFIG_MULTIPLIER, 2.0,
                SupervisorConstants.CONFIG_JITTER, 0.0, SupervisorConstants.CONFIG_RESET_AFTER, "PT1M",
                SupervisorConstants.CONFIG_MAX_RESTARTS, 0, SupervisorConstants.CONFIG_WINDOW, "PT1M",
                SupervisorConstants.CONFIG_ESCALATE, false).settings();

        assertThat(settings.defaultPolicy()).isEqualTo(Policy.builder().restart(Restart.ALWAYS).multiplier(2.0)
                .jitter(0.0).resetAfter(Duration.ofMinutes(1)).escalate(false).build());
        assertThat(settings.historySize()).isEqualTo(10);
    }

    @Test
    void parse_invalidDefaultPolicyValue_rejectsTheWholeConfiguration() {
        SettingsParser.Result result = parse(SupervisorConstants.RESTART_INTERVAL, "PT0.05S",
                SupervisorConstants.CONFIG_JITTER, "1.5");

        assertThat(result.settings()).isNull();
        assertThat(result.problems()).containsExactly("jitter = '1.5' is invalid (jitter must be from 0 to below 1,"
                + " was 1.5); expected a number from 0 (no jitter) to below 1");
    }

    @Test
    void parse_historySizeOutOfRange_isRejected() {
        assertThat(parse(SupervisorConstants.HISTORY_SIZE, 0).problems()).containsExactly("history.size = 0 (Integer)"
                + " is invalid (historySize must be from 1 to 10000, was 0); expected a whole number from 1 to 10000");
    }
}
