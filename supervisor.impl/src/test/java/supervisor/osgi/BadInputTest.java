package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.RefusedRegistration.Cause;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.core.SupervisorEngine;
import supervisor.testing.FakeScheduler;

/**
 * Every configuration property and every service property with invalid values, one row per
 * property and bad value: negative, zero where not allowed, non-numeric, overflowing, of the wrong
 * type, several values, unknown constants, invalid filters. Each row asserts the exact message
 * (naming the property, the value, why and what is expected), that a rejected configuration leaves
 * the last good one in force, and that a running service keeps its run.
 */
class BadInputTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int JAVA = Runtime.version().feature();

    // what is expected, as each message ends
    private static final String DAY = "expected milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S)"
            + " from PT0.001S to PT24H";
    private static final String HOUR = "expected milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S)"
            + " from PT0.001S to PT1H";
    private static final String BACKLOG = "expected a whole number from 1 to 1048576";
    private static final String HISTORY = "expected a whole number from 1 to 10000";
    private static final String FILTER = "expected an LDAP filter such as (supervisor.group=fast)";
    private static final String KINDS = "expected one of [PLATFORM, VIRTUAL], any case"
            + (JAVA >= 21 ? "" : "; VIRTUAL only on Java 21 or later, this is Java " + JAVA);
    private static final String RESTARTS = "expected one of [ALWAYS, ON_FAILURE, NEVER], any case";
    private static final String MULTIPLIER = "expected a number from 1.0 to 100.0";
    private static final String JITTER = "expected a number from 0 (no jitter) to below 1";
    private static final String BOOLEAN = "expected true or false";
    private static final String NOT_A_DURATION = "(not a number of milliseconds nor an ISO-8601 duration); ";

    private static String limit(String window) {
        return "expected a whole number from 0 (no limit) to 1000000, together with " + window + " unless 0";
    }

    /** A row: the property, the bad value, and the message's part after {@code "<property> = "}. */
    private static Arguments bad(String property, Object value, String rest) {
        return Arguments.of(property, value, property + " = " + rest);
    }

    static Stream<Arguments> configuration() {
        return Stream.of(
                bad("restart.interval", "-5", "'-5' is invalid (restartInterval must be from PT0.001S to PT24H, was"
                        + " PT-0.005S); " + DAY),
                bad("restart.interval", 0L, "0 (Long) is invalid (restartInterval must be from PT0.001S to PT24H, was PT0S); "
                        + DAY),
                bad("restart.interval", "0", "'0' is invalid (restartInterval must be from PT0.001S to PT24H, was PT0S); "
                        + DAY),
                bad("restart.interval", "soon", "'soon' is invalid " + NOT_A_DURATION + DAY),
                bad("restart.interval", 1.5d, "1.5 (Double) is invalid (not a whole number); " + DAY),
                bad("restart.interval", "99999999999999999999", "'99999999999999999999' is invalid (out of range); " + DAY),
                bad("restart.interval", "PT99999999999999999999S", "'PT99999999999999999999S' is invalid (out of range); "
                        + DAY),
                bad("restart.interval", Long.MAX_VALUE, "9223372036854775807 (Long) is invalid (restartInterval must be"
                        + " from PT0.001S to PT24H, was PT2562047788015H12M55.807S); " + DAY),
                bad("restart.interval", "P365D", "'P365D' is invalid (restartInterval must be from PT0.001S to PT24H, was"
                        + " PT8760H); " + DAY),
                bad("restart.interval", Boolean.TRUE, "true (Boolean) is invalid " + NOT_A_DURATION + DAY),
                bad("restart.interval", new String[] {"1", "2"}, "String[] [1, 2] is invalid (expected a single value, not"
                        + " 2); " + DAY),
                bad("restart.interval", List.of(1L, 2L), "Collection [1, 2] is invalid (expected a single value, not 2); "
                        + DAY),
                bad("shutdown.timeout", "-1", "'-1' is invalid (shutdownTimeout must be from PT0.001S to PT1H, was"
                        + " PT-0.001S); " + HOUR),
                bad("shutdown.timeout", 0, "0 (Integer) is invalid (shutdownTimeout must be from PT0.001S to PT1H, was"
                        + " PT0S); " + HOUR),
                bad("shutdown.timeout", "PT2H", "'PT2H' is invalid (shutdownTimeout must be from PT0.001S to PT1H, was"
                        + " PT2H); " + HOUR),
                bad("shutdown.timeout", "x", "'x' is invalid " + NOT_A_DURATION + HOUR),
                bad("thread.kind", "GREEN", "'GREEN' is invalid (no such thread kind); " + KINDS),
                bad("thread.kind", 5, "5 (Integer) is invalid (no such thread kind); " + KINDS),
                bad("thread.kind", new String[] {"PLATFORM", "VIRTUAL"}, "String[] [PLATFORM, VIRTUAL] is invalid"
                        + " (expected a single value, not 2); " + KINDS),
                bad("listener.backlog", 0, "0 (Integer) is invalid (listenerBacklog must be from 1 to 1048576, was 0); "
                        + BACKLOG),
                bad("listener.backlog", -1, "-1 (Integer) is invalid (listenerBacklog must be from 1 to 1048576, was -1); "
                        + BACKLOG),
                bad("listener.backlog", "lots", "'lots' is invalid (not a whole number); " + BACKLOG),
                bad("listener.backlog", 1048577, "1048577 (Integer) is invalid (listenerBacklog must be from 1 to 1048576,"
                        + " was 1048577); " + BACKLOG),
                bad("listener.backlog", "99999999999", "'99999999999' is invalid (out of range); " + BACKLOG),
                bad("listener.backlog", "99999999999999999999", "'99999999999999999999' is invalid (out of range); "
                        + BACKLOG),
                bad("listener.backlog", 2.5d, "2.5 (Double) is invalid (not a whole number); " + BACKLOG),
                bad("listener.backlog", "3.5", "'3.5' is invalid (not a whole number); " + BACKLOG),
                bad("listener.backlog", new int[] {1, 2}, "int[] [1, 2] is invalid (expected a single value, not 2); "
                        + BACKLOG),
                bad("history.size", 0, "0 (Integer) is invalid (historySize must be from 1 to 10000, was 0); " + HISTORY),
                bad("history.size", 10001, "10001 (Integer) is invalid (historySize must be from 1 to 10000, was 10001); "
                        + HISTORY),
                bad("history.size", "x", "'x' is invalid (not a whole number); " + HISTORY),
                bad("history.size", -3L, "-3 (Long) is invalid (historySize must be from 1 to 10000, was -3); " + HISTORY),
                bad("services.target", "(broken", "'(broken' is invalid (not a valid filter: Filter ended abruptly:"
                        + " (broken); " + FILTER),
                bad("services.target", 5, "5 (Integer) is invalid (not a String); " + FILTER),
                bad("services.target", "supervisor.group=fast", "'supervisor.group=fast' is invalid (not a valid filter:"
                        + " Missing '(': supervisor.group=fast); " + FILTER),
                bad("listeners.target", "(a=b))", "'(a=b))' is invalid (not a valid filter: Extraneous trailing"
                        + " characters: ): (a=b))); " + FILTER),
                bad("listeners.target", new String[] {"(a=b)", "(c=d)"}, "String[] [(a=b), (c=d)] is invalid (expected a"
                        + " single value, not 2); " + FILTER),
                bad("restart", "SOMETIMES", "'SOMETIMES' is invalid (no such Restart); " + RESTARTS),
                bad("restart", 3, "3 (Integer) is invalid (no such Restart); " + RESTARTS),
                bad("max.delay", "0", "'0' is invalid (maxDelay must be from PT0.001S to PT24H, was PT0S); " + DAY),
                bad("max.delay", "-PT1S", "'-PT1S' is invalid (maxDelay must be from PT0.001S to PT24H, was PT-1S); " + DAY),
                bad("max.delay", "P2D", "'P2D' is invalid (maxDelay must be from PT0.001S to PT24H, was PT48H); " + DAY),
                bad("max.delay", "later", "'later' is invalid " + NOT_A_DURATION + DAY),
                bad("multiplier", 0.5, "0.5 (Double) is invalid (multiplier must be from 1.0 to 100.0, was 0.5); "
                        + MULTIPLIER),
                bad("multiplier", 101, "101 (Integer) is invalid (multiplier must be from 1.0 to 100.0, was 101.0); "
                        + MULTIPLIER),
                bad("multiplier", "x", "'x' is invalid (not a number); " + MULTIPLIER),
                bad("multiplier", Double.NaN, "NaN (Double) is invalid (not a finite number); " + MULTIPLIER),
                bad("multiplier", "Infinity", "'Infinity' is invalid (not a finite number); " + MULTIPLIER),
                bad("jitter", -0.1, "-0.1 (Double) is invalid (jitter must be from 0 to below 1, was -0.1); " + JITTER),
                bad("jitter", 1.0, "1.0 (Double) is invalid (jitter must be from 0 to below 1, was 1.0); " + JITTER),
                bad("jitter", "x", "'x' is invalid (not a number); " + JITTER),
                bad("reset.after", 0, "0 (Integer) is invalid (resetAfter must be from PT0.001S to PT24H, was PT0S); "
                        + DAY),
                bad("reset.after", "nope", "'nope' is invalid " + NOT_A_DURATION + DAY),
                bad("max.restarts", -1, "-1 (Integer) is invalid (maxRestarts must be from 0 to 1000000, was -1); "
                        + limit("window")),
                bad("max.restarts", 1000001, "1000001 (Integer) is invalid (maxRestarts must be from 0 to 1000000, was"
                        + " 1000001); " + limit("window")),
                bad("max.restarts", "x", "'x' is invalid (not a whole number); " + limit("window")),
                bad("max.restarts", 5, "5 (Integer) is invalid (no window given); " + limit("window")),
                bad("max.restarts", "99999999999", "'99999999999' is invalid (out of range); " + limit("window")),
                bad("window", 0, "0 (Integer) is invalid (window must be from PT0.001S to PT24H, was PT0S); " + DAY
                        + ", together with max.restarts"),
                bad("window", "x", "'x' is invalid " + NOT_A_DURATION + DAY + ", together with max.restarts"),
                bad("escalate", "maybe", "'maybe' is invalid (not true or false); " + BOOLEAN),
                bad("escalate", 1, "1 (Integer) is invalid (not true or false); " + BOOLEAN));
    }

    static Stream<Arguments> service() {
        return Stream.of(
                bad("supervisor.restart", "SOMETIMES", "'SOMETIMES' is invalid (no such Restart); " + RESTARTS),
                bad("supervisor.restart", new String[] {"ALWAYS", "NEVER"}, "String[] [ALWAYS, NEVER] is invalid"
                        + " (expected a single value, not 2); " + RESTARTS),
                bad("supervisor.min.delay", 0, "0 (Integer) is invalid (minDelay must be from PT0.001S to PT24H, was"
                        + " PT0S); " + DAY),
                bad("supervisor.min.delay", -1L, "-1 (Long) is invalid (minDelay must be from PT0.001S to PT24H, was"
                        + " PT-0.001S); " + DAY),
                bad("supervisor.min.delay", "x", "'x' is invalid " + NOT_A_DURATION + DAY),
                bad("supervisor.min.delay", "99999999999999999999", "'99999999999999999999' is invalid (out of range); "
                        + DAY),
                bad("supervisor.min.delay", "P2D", "'P2D' is invalid (minDelay must be from PT0.001S to PT24H, was PT48H); "
                        + DAY),
                bad("supervisor.max.delay", 0, "0 (Integer) is invalid (maxDelay must be from PT0.001S to PT24H, was"
                        + " PT0S); " + DAY),
                bad("supervisor.max.delay", new String[] {"PT1S", "PT2S"}, "String[] [PT1S, PT2S] is invalid (expected a"
                        + " single value, not 2); " + DAY),
                bad("supervisor.multiplier", 0.99, "0.99 (Double) is invalid (multiplier must be from 1.0 to 100.0, was"
                        + " 0.99); " + MULTIPLIER),
                bad("supervisor.multiplier", "NaN", "'NaN' is invalid (not a finite number); " + MULTIPLIER),
                bad("supervisor.multiplier", Boolean.FALSE, "false (Boolean) is invalid (not a number); " + MULTIPLIER),
                bad("supervisor.jitter", 1, "1 (Integer) is invalid (jitter must be from 0 to below 1, was 1.0); " + JITTER),
                bad("supervisor.jitter", -1, "-1 (Integer) is invalid (jitter must be from 0 to below 1, was -1.0); "
                        + JITTER),
                bad("supervisor.reset.after", "x", "'x' is invalid " + NOT_A_DURATION + DAY),
                bad("supervisor.reset.after", 0L, "0 (Long) is invalid (resetAfter must be from PT0.001S to PT24H, was"
                        + " PT0S); " + DAY),
                bad("supervisor.max.restarts", -1, "-1 (Integer) is invalid (maxRestarts must be from 0 to 1000000, was"
                        + " -1); " + limit("supervisor.window")),
                bad("supervisor.max.restarts", 5, "5 (Integer) is invalid (no supervisor.window given); "
                        + limit("supervisor.window")),
                bad("supervisor.max.restarts", 1000001, "1000001 (Integer) is invalid (maxRestarts must be from 0 to"
                        + " 1000000, was 1000001); " + limit("supervisor.window")),
                bad("supervisor.max.restarts", "lots", "'lots' is invalid (not a whole number); "
                        + limit("supervisor.window")),
                bad("supervisor.window", "PT1M", "'PT1M' is invalid (no supervisor.max.restarts given); " + DAY
                        + ", together with supervisor.max.restarts"),
                bad("supervisor.escalate", "yes", "'yes' is invalid (not true or false); " + BOOLEAN),
                bad("supervisor.thread.kind", "GREEN", "'GREEN' is invalid (no such thread kind); " + KINDS),
                bad("supervisor.thread.kind", 1, "1 (Integer) is invalid (no such thread kind); " + KINDS));
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    // ---- configuration properties ---------------------------------------------------------------

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("configuration")
    void configurationProperty_badValue_isRejectedWithTheExactMessage(String property, Object value, String message) {
        SettingsParser.Result result = SettingsParser.parse(map(property, value), DefaultSupervisorComponent.DEFAULTS);

        assertThat(result.isValid()).isFalse();
        assertThat(result.settings()).isNull();
        assertThat(result.problems()).containsExactly(message);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("configuration")
    void configurationProperty_badValue_keepsTheLastGoodConfiguration_andTheRunningServiceKeepsItsRun(String property,
            Object value, String message) {
        RecordingLog log = new RecordingLog();
        Supervision supervision = new Supervision("fallback", map(SupervisorConstants.RESTART_INTERVAL, "PT0.2S"),
                DefaultSupervisorComponent.DEFAULTS, new ClaimRegistry(), log, config -> config.scheduler(new FakeScheduler()));
        try {
            supervision.activate();
            supervision.services().bind(new FakeRegistration<Service>(1, new Services.Polite(), SupervisorConstants.NAME,
                    "steady"));
            await().atMost(PATIENCE).until(() -> supervision.status("steady").map(u -> u.status() == Status.RUNNING)
                    .orElse(false));
            Settings good = supervision.settings();
            StatusUpdate before = supervision.status("steady").orElseThrow();

            supervision.modified(map(SupervisorConstants.RESTART_INTERVAL, "PT0.2S", property, value));

            assertThat(supervision.settings()).isSameAs(good);
            assertThat(supervision.describe().settings().restartInterval()).isEqualTo(Duration.ofMillis(200));
            assertThat(log.lines()).last().isEqualTo("ERROR supervisor 'fallback': configuration rejected, keeping the"
                    + " one in force (" + Supervision.describe(good) + "): " + message);
            assertThat(supervision.status("steady")).contains(before);
            assertThat(supervision.describe().services()).singleElement().satisfies(s -> assertThat(s.restartCount()).isZero());
        } finally {
            supervision.deactivate();
        }
    }

    static Stream<Arguments> supervisorNames() {
        String expected = "; expected a supervisor name: not blank, at most 200 characters, no control characters;"
                + " running as 'fallback'";
        return Stream.of(
                bad("supervisor.name", "two\nlines", "'two\nlines' is invalid (supervisor name must not contain control"
                        + " characters, was 'two?lines')" + expected),
                bad("supervisor.name", 42, "42 (Integer) is invalid (not a String)" + expected),
                bad("supervisor.name", "n".repeat(201), "'" + "n".repeat(201) + "' is invalid (supervisor name must be at"
                        + " most 200 characters, was 201 ('" + "n".repeat(40) + "...'))" + expected),
                bad("supervisor.name", new String[] {"a", "b"}, "String[] [a, b] is invalid (expected a single value, not"
                        + " 2)" + expected));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("supervisorNames")
    void supervisorName_badValue_fallsBackWithTheExactMessage(String property, Object value, String message) {
        List<String> problems = new ArrayList<>();

        assertThat(Supervision.name(map(property, value), "fallback", problems)).isEqualTo("fallback");
        assertThat(problems).containsExactly(message);
    }

    // ---- service properties ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("service")
    void serviceProperty_badValue_isRejectedWithTheExactMessage_andTheSettingIsInherited(String property, Object value,
            String message) {
        PolicyProperties.Result result = PolicyProperties.parse(map(property, value), PolicyProperties.Source.SERVICE);

        assertThat(result.problems()).containsExactly(message);
        assertThat(result.policy()).isEqualTo(Policy.INHERIT);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("service")
    void serviceProperty_badValueOnARunningService_keepsItsRun_andTheErrorNamesIt(String property, Object value,
            String message) {
        RecordingLog log = new RecordingLog();
        SupervisorEngine engine = SupervisorEngine.create(Config.builder().name("test").scheduler(new FakeScheduler())
                .shutdownTimeout(PATIENCE).build());
        ServiceWhiteboard services = new ServiceWhiteboard("supervisor 'test'", engine, new ClaimRegistry(), log,
                SupervisorConstants.DEFAULT_TARGET, PATIENCE);
        engine.start();
        try {
            FakeRegistration<Service> registration = new FakeRegistration<>(1, new Services.Polite(),
                    SupervisorConstants.NAME, "svc");
            services.bind(registration);
            await().atMost(PATIENCE).until(() -> engine.status("svc").map(u -> u.status() == Status.RUNNING).orElse(false));
            StatusUpdate before = engine.status("svc").orElseThrow();

            registration.set(property, value);
            services.updated(1);

            assertThat(engine.status("svc")).contains(before);
            assertThat(engine.describe().services()).singleElement().satisfies(s -> assertThat(s.restartCount()).isZero());
            assertThat(log.lines()).containsExactly("ERROR supervisor 'test': service 'svc' (service.id 1): service"
                    + " property " + message + "; the service runs and inherits this setting");
            assertThat(services.refusals()).singleElement().satisfies(refusal -> {
                assertThat(refusal.cause()).isEqualTo(Cause.INVALID_PROPERTY);
                assertThat(refusal.detail()).isEqualTo("service property " + message
                        + "; the service runs and inherits this setting");
            });
        } finally {
            engine.close();
        }
    }

    static Stream<Arguments> serviceNames() {
        String expected = "; expected a String: not blank, at most 200 characters, no control characters";
        return Stream.of(
                bad("supervisor.name", " ", "' ' is invalid (service name must not be empty or blank, was ' ')" + expected),
                bad("supervisor.name", 7L, "7 (Long) is invalid (not a String)" + expected),
                bad("supervisor.name", "tab\there", "'tab\there' is invalid (service name must not contain control"
                        + " characters, was 'tab?here')" + expected),
                bad("component.name", new String[] {"a"}, "String[] [a] is invalid (not a String)" + expected));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("serviceNames")
    void serviceName_badValue_isPassedOverWithTheExactNote(String property, Object value, String message) {
        ServiceNames.Choice choice = ServiceNames.choose(map(property, value), 9, Object.class, name -> false);

        assertThat(choice.name()).isEqualTo("java.lang.Object");
        assertThat(choice.notes()).containsExactly("ignored service property " + message);
    }

    // ---- secrets ----------------------------------------------------------------------------------

    static Stream<String> secretNames() {
        return Stream.of(".token", ".hidden.setting", "db.password", "PASSWORD", "clientSecret", "supervisor.secret.key");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretNames")
    void secretProperty_rejected_neitherTheValueNorTheReasonIsShown(String name) {
        List<String> problems = new ArrayList<>();

        Object read = Values.read(map(name, "hunter2"), name, "fallback", problems, value -> {
            throw new IllegalArgumentException("was " + value); // a reason that quotes the value, as many do
        }, "a token of 16 characters");

        assertThat(read).isEqualTo("fallback");
        assertThat(problems).containsExactly(name + " = (secret, not shown) is invalid; expected a token of 16 characters");
    }

    @Test
    void secretRule_matchesDotPrefixPasswordAndSecret_only() {
        assertThat(Stream.of(".x", "a.password", "Password", "top-secret", "SECRET"))
                .allSatisfy(name -> assertThat(Values.isSecret(name)).as(name).isTrue());
        assertThat(Stream.of("restart.interval", "supervisor.name", "services.target", "pass", "x.", "token"))
                .allSatisfy(name -> assertThat(Values.isSecret(name)).as(name).isFalse());
    }

    @Test
    void nonSecretProperty_rejected_showsTheValue() {
        assertThat(Values.problem("token", "hunter2", "too short", "a token"))
                .isEqualTo("token = 'hunter2' is invalid (too short); expected a token");
    }
}
