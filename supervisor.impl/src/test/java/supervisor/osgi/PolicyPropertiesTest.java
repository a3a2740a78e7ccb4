package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.SupervisorConstants;
import supervisor.api.ThreadKind;
import supervisor.osgi.PolicyProperties.Source;

class PolicyPropertiesTest {

    private static PolicyProperties.Result service(Object... keyValues) {
        return PolicyProperties.parse(map(keyValues), Source.SERVICE);
    }

    private static PolicyProperties.Result configuration(Object... keyValues) {
        return PolicyProperties.parse(map(keyValues), Source.CONFIGURATION);
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void parse_noPolicyProperties_inheritsEverything() {
        PolicyProperties.Result result = service(SupervisorConstants.NAME, "x", "service.id", 3L);

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy()).isEqualTo(Policy.INHERIT);
    }

    @Test
    void parse_everySettingAsPlainValues_givesThePolicy() {
        PolicyProperties.Result result = service(
                SupervisorConstants.RESTART, "on_failure",
                SupervisorConstants.MIN_DELAY, 100,
                SupervisorConstants.MAX_DELAY, "PT30S",
                SupervisorConstants.MULTIPLIER, "1.5",
                SupervisorConstants.JITTER, 0.2f,
                SupervisorConstants.RESET_AFTER, "pt2m",
                SupervisorConstants.MAX_RESTARTS, "5",
                SupervisorConstants.WINDOW, 60_000L,
                SupervisorConstants.ESCALATE, "TRUE");

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy()).isEqualTo(Policy.builder()
                .restart(Restart.ON_FAILURE)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 1.5)
                .jitter(0.2f)
                .resetAfter(Duration.ofMinutes(2))
                .intensity(5, Duration.ofMinutes(1))
                .escalate(true)
                .build());
    }

    @Test
    void parse_singleElementArraysAsDeclarativeServicesWritesThem_giveThePolicy() {
        PolicyProperties.Result result = service(
                SupervisorConstants.RESTART, new String[] {"NEVER"},
                SupervisorConstants.MIN_DELAY, new String[] {"PT0.02S"},
                SupervisorConstants.MULTIPLIER, new Double[] {3.0},
                SupervisorConstants.MAX_RESTARTS, new Integer[] {1},
                SupervisorConstants.WINDOW, List.of("PT1M"),
                SupervisorConstants.ESCALATE, new Boolean[] {false});

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy()).isEqualTo(Policy.builder().restart(Restart.NEVER).minDelay(Duration.ofMillis(20))
                .multiplier(3.0).intensity(1, Duration.ofMinutes(1)).escalate(false).build());
    }

    @Test
    void parse_blankValuesAndEmptyArrays_areInherited() {
        PolicyProperties.Result result = service(SupervisorConstants.RESTART, " ",
                SupervisorConstants.MIN_DELAY, new String[0], SupervisorConstants.JITTER, new String[] {""});

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy()).isEqualTo(Policy.INHERIT);
    }

    @Test
    void parse_invalidValues_eachNamesPropertyValueAndExpectation_andOnlyThatSettingIsInherited() {
        PolicyProperties.Result result = service(
                SupervisorConstants.RESTART, "SOMETIMES",
                SupervisorConstants.MIN_DELAY, "soon",
                SupervisorConstants.MAX_DELAY, "PT25H",
                SupervisorConstants.MULTIPLIER, 0.5,
                SupervisorConstants.JITTER, "lots",
                SupervisorConstants.ESCALATE, "yes",
                SupervisorConstants.RESET_AFTER, new String[] {"PT1S", "PT2S"},
                SupervisorConstants.MAX_RESTARTS, -1,
                SupervisorConstants.WINDOW, "PT1M");

        assertThat(result.policy()).isEqualTo(Policy.INHERIT);
        assertThat(result.problems()).containsExactly(
                "supervisor.restart = 'SOMETIMES' is invalid (no such Restart); expected one of [ALWAYS, ON_FAILURE,"
                        + " NEVER], any case",
                "supervisor.min.delay = 'soon' is invalid (not a number of milliseconds nor an ISO-8601 duration);"
                        + " expected milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S) from PT0.001S to PT24H",
                "supervisor.max.delay = 'PT25H' is invalid (maxDelay must be from PT0.001S to PT24H, was PT25H);"
                        + " expected milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S) from PT0.001S to PT24H",
                "supervisor.multiplier = 0.5 (Double) is invalid (multiplier must be from 1.0 to 100.0, was 0.5);"
                        + " expected a number from 1.0 to 100.0",
                "supervisor.jitter = 'lots' is invalid (not a number); expected a number from 0 (no jitter) to below 1",
                "supervisor.reset.after = String[] [PT1S, PT2S] is invalid (expected a single value, not 2);"
                        + " expected milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S) from PT0.001S to PT24H",
                "supervisor.escalate = 'yes' is invalid (not true or false); expected true or false",
                "supervisor.max.restarts = -1 (Integer) is invalid (maxRestarts must be from 0 to 1000000, was -1);"
                        + " expected a whole number from 0 (no limit) to 1000000, together with supervisor.window unless 0");
    }

    @Test
    void parse_oneInvalidSetting_keepsTheValidOthers() {
        PolicyProperties.Result result = service(SupervisorConstants.RESTART, "never", SupervisorConstants.JITTER, 1.0);

        assertThat(result.policy()).isEqualTo(Policy.builder().restart(Restart.NEVER).build());
        assertThat(result.problems()).containsExactly("supervisor.jitter = 1.0 (Double) is invalid (jitter must be"
                + " from 0 to below 1, was 1.0); expected a number from 0 (no jitter) to below 1");
    }

    @Test
    void parse_restartLimitWithoutWindow_andWindowWithoutLimit_areProblemsOnAService() {
        assertThat(service(SupervisorConstants.MAX_RESTARTS, 3).problems()).containsExactly(
                "supervisor.max.restarts = 3 (Integer) is invalid (no supervisor.window given); expected a whole number"
                        + " from 0 (no limit) to 1000000, together with supervisor.window unless 0");
        assertThat(service(SupervisorConstants.WINDOW, "PT1M").problems()).containsExactly(
                "supervisor.window = 'PT1M' is invalid (no supervisor.max.restarts given); expected milliseconds (such"
                        + " as 500) or an ISO-8601 duration (such as PT0.5S) from PT0.001S to PT24H, together with"
                        + " supervisor.max.restarts");
    }

    @Test
    void parse_configuration_usesTheNamesWithoutPrefix_andIgnoresAMinimumDelay() {
        PolicyProperties.Result result = configuration(
                SupervisorConstants.CONFIG_RESTART, "NEVER",
                SupervisorConstants.CONFIG_MAX_DELAY, "PT2S",
                SupervisorConstants.CONFIG_MULTIPLIER, 3.0,
                SupervisorConstants.CONFIG_JITTER, "0.5",
                SupervisorConstants.CONFIG_RESET_AFTER, 1000,
                SupervisorConstants.CONFIG_MAX_RESTARTS, 2,
                SupervisorConstants.CONFIG_WINDOW, "PT10S",
                SupervisorConstants.CONFIG_ESCALATE, true,
                "min.delay", "PT5S",
                SupervisorConstants.RESTART, "ALWAYS");

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy()).isEqualTo(Policy.builder().restart(Restart.NEVER).maxDelay(Duration.ofSeconds(2))
                .multiplier(3.0).jitter(0.5).resetAfter(Duration.ofSeconds(1)).intensity(2, Duration.ofSeconds(10))
                .escalate(true).build());
    }

    @Test
    void parse_configuration_restartLimitZeroMeansNone_andAWindowAloneIsIgnored() {
        PolicyProperties.Result result = configuration(SupervisorConstants.CONFIG_MAX_RESTARTS, 0,
                SupervisorConstants.CONFIG_WINDOW, "PT1M");

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy()).isEqualTo(Policy.INHERIT);
        assertThat(configuration(SupervisorConstants.CONFIG_MAX_RESTARTS, "4").problems()).containsExactly(
                "max.restarts = '4' is invalid (no window given); expected a whole number from 0 (no limit) to 1000000,"
                        + " together with window unless 0");
    }

    @Test
    void parse_aServiceRestartLimitOfZero_liftsADefaultLimit_withoutAWindow() {
        PolicyProperties.Result result = service(SupervisorConstants.MAX_RESTARTS, "0");

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy()).isEqualTo(Policy.builder().noRestartLimit().build());
        assertThat(result.policy().orElse(Policy.builder().intensity(3, java.time.Duration.ofMinutes(1)).build())
                .maxRestarts()).hasValue(0);
    }

    @Test
    void sourceNames_areTheConstantsOfTheContract() {
        assertThat(List.of(Source.SERVICE.name("restart"), Source.SERVICE.name("min.delay"), Source.SERVICE.name("max.delay"),
                Source.SERVICE.name("multiplier"), Source.SERVICE.name("jitter"), Source.SERVICE.name("reset.after"),
                Source.SERVICE.name("max.restarts"), Source.SERVICE.name("window"), Source.SERVICE.name("escalate")))
                .containsExactly(SupervisorConstants.RESTART, SupervisorConstants.MIN_DELAY, SupervisorConstants.MAX_DELAY,
                        SupervisorConstants.MULTIPLIER, SupervisorConstants.JITTER, SupervisorConstants.RESET_AFTER,
                        SupervisorConstants.MAX_RESTARTS, SupervisorConstants.WINDOW, SupervisorConstants.ESCALATE);
        assertThat(List.of(Source.CONFIGURATION.name("restart"), Source.CONFIGURATION.name("max.delay"),
                Source.CONFIGURATION.name("multiplier"), Source.CONFIGURATION.name("jitter"),
                Source.CONFIGURATION.name("reset.after"), Source.CONFIGURATION.name("max.restarts"),
                Source.CONFIGURATION.name("window"), Source.CONFIGURATION.name("escalate")))
                .containsExactly(SupervisorConstants.CONFIG_RESTART, SupervisorConstants.CONFIG_MAX_DELAY,
                        SupervisorConstants.CONFIG_MULTIPLIER, SupervisorConstants.CONFIG_JITTER,
                        SupervisorConstants.CONFIG_RESET_AFTER, SupervisorConstants.CONFIG_MAX_RESTARTS,
                        SupervisorConstants.CONFIG_WINDOW, SupervisorConstants.CONFIG_ESCALATE);
    }

    @Test
    void describe_namesTheSetSettingsAsInTheSource() {
        Policy policy = Policy.builder().restart(Restart.NEVER).intensity(2, Duration.ofSeconds(10)).build();

        assertThat(PolicyProperties.describe(policy, Source.CONFIGURATION))
                .containsExactly("restart=NEVER", "max.restarts=2", "window=PT10S");
        assertThat(PolicyProperties.describe(Policy.INHERIT, Source.SERVICE)).isEmpty();
    }

    @Test
    void parse_serviceThreadKind_inAnyCase() {
        PolicyProperties.Result result = service(SupervisorConstants.SERVICE_THREAD_KIND, "platform");

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy().threadKind()).contains(ThreadKind.PLATFORM);
    }

    @Test
    void parse_unknownServiceThreadKind_isAProblemNamingPropertyValueAndChoices() {
        PolicyProperties.Result result = service(SupervisorConstants.SERVICE_THREAD_KIND, "GREEN");

        assertThat(result.policy().threadKind()).isEmpty();
        assertThat(result.problems()).singleElement().asString().startsWith(
                "supervisor.thread.kind = 'GREEN' is invalid (no such thread kind); expected one of [PLATFORM, VIRTUAL], any case");
    }

    @Test
    void parse_virtualServiceThreadKind_isTakenOnlyWhereTheJvmHasVirtualThreads() {
        PolicyProperties.Result result = service(SupervisorConstants.SERVICE_THREAD_KIND, "VIRTUAL");

        if (ThreadKind.virtualThreadsAvailable()) {
            assertThat(result.problems()).isEmpty();
            assertThat(result.policy().threadKind()).contains(ThreadKind.VIRTUAL);
        } else {
            assertThat(result.policy().threadKind()).isEmpty();
            assertThat(result.problems()).singleElement().asString()
                    .startsWith("supervisor.thread.kind = 'VIRTUAL' is invalid (this JVM has no virtual threads)")
                    .endsWith("; VIRTUAL only on Java 21 or later, this is Java " + Runtime.version().feature());
        }
    }

    @Test
    void parse_threadKindInAConfiguration_isNoPolicySetting() {
        PolicyProperties.Result result = configuration(SupervisorConstants.THREAD_KIND, "GREEN");

        assertThat(result.problems()).isEmpty();
        assertThat(result.policy()).isEqualTo(Policy.INHERIT);
    }

    @Test
    void describe_threadKind_isNamedAsTheServiceProperty() {
        assertThat(PolicyProperties.describe(Policy.builder().threadKind(ThreadKind.PLATFORM).build(), Source.SERVICE))
                .containsExactly("supervisor.thread.kind=PLATFORM");
    }
}
