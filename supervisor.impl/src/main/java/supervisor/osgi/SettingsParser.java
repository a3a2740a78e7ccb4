package supervisor.osgi;

import static supervisor.api.SupervisorConstants.HISTORY_SIZE;
import static supervisor.api.SupervisorConstants.LISTENERS_TARGET;
import static supervisor.api.SupervisorConstants.LISTENER_BACKLOG;
import static supervisor.api.SupervisorConstants.RESTART_INTERVAL;
import static supervisor.api.SupervisorConstants.SERVICES_TARGET;
import static supervisor.api.SupervisorConstants.SHUTDOWN_TIMEOUT;
import static supervisor.api.SupervisorConstants.THREAD_KIND;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.ThreadKind;

/**
 * Turns a supervisor's configuration properties (as ConfigAdmin and Declarative Services hand them
 * over) into {@link Settings}, or into the list of what is wrong with them. Pure and stateless.
 *
 * <p>Rules: a property that is absent (or a blank String, or an empty array) takes its default;
 * an array or collection of one value counts as that value (see {@link Values}). Durations are
 * milliseconds, given as a whole number or a String of digits ({@code 500}), or an ISO-8601
 * duration String ({@code PT0.5S}, any case). The thread kind is PLATFORM or VIRTUAL, any case
 * (VIRTUAL only on Java 21 or later). The backlog and the history size are whole numbers or Strings of digits. Targets are LDAP
 * filters. The default policy is read by {@link PolicyProperties} ({@code restart}, {@code max.delay},
 * ...): a setting it leaves unset is inherited from the built-in defaults, whose first delay is the
 * restart interval. Every value is then checked with the {@link Config} and {@link Policy}
 * validators; one bad value rejects the whole configuration (each problem is reported), so a
 * half-applied configuration never runs.
 */
final class SettingsParser {

    private static final String DURATION_FORMAT = Values.DURATION_FORMAT;

    private SettingsParser() {
    }

    /** The outcome: exactly one of {@code settings} (when {@code problems} is empty) and {@code problems}. */
    record Result(Settings settings, List<String> problems) {
        Result {
            problems = List.copyOf(problems);
        }

        boolean isValid() {
            return problems.isEmpty();
        }
    }

    /**
     * Parses {@code properties}; a property that is absent takes its value from {@code defaults}.
     *
     * @param properties the configuration; unrelated properties are ignored; not null
     * @param defaults the values of absent properties; not null
     * @return the settings, or every problem found, each naming the property, the value and what is
     *     expected
     */
    static Result parse(Map<String, ?> properties, Settings defaults) {
        List<String> problems = new ArrayList<>();
        Duration restart = read(properties, RESTART_INTERVAL, defaults.restartInterval(), problems,
                value -> Config.checkRestartInterval(Values.duration(value)),
                DURATION_FORMAT + " from " + Config.MIN_RESTART_INTERVAL + " to " + Config.MAX_RESTART_INTERVAL);
        Duration shutdown = read(properties, SHUTDOWN_TIMEOUT, defaults.shutdownTimeout(), problems,
                value -> Config.checkShutdownTimeout(Values.duration(value)),
                DURATION_FORMAT + " from " + Config.MIN_SHUTDOWN_TIMEOUT + " to " + Config.MAX_SHUTDOWN_TIMEOUT);
        ThreadKind kind = read(properties, THREAD_KIND, defaults.threadKind(), problems,
                PolicyProperties::threadKind, PolicyProperties.THREAD_KINDS);
        int backlog = read(properties, LISTENER_BACKLOG, defaults.listenerBacklog(), problems,
                value -> Config.checkListenerBacklog(Values.wholeNumber(value)),
                "a whole number from 1 to " + Config.MAX_LISTENER_BACKLOG);
        int history = read(properties, HISTORY_SIZE, defaults.historySize(), problems,
                value -> Config.checkHistorySize(Values.wholeNumber(value)),
                "a whole number from 1 to " + Config.MAX_HISTORY_SIZE);
        String services = read(properties, SERVICES_TARGET, defaults.servicesTarget(), problems,
                SettingsParser::filter, "an LDAP filter such as (supervisor.group=fast)");
        String listeners = read(properties, LISTENERS_TARGET, defaults.listenersTarget(), problems,
                SettingsParser::filter, "an LDAP filter such as (supervisor.group=fast)");
        PolicyProperties.Result policy = PolicyProperties.parse(properties, PolicyProperties.Source.CONFIGURATION);
        problems.addAll(policy.problems());
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        return new Result(new Settings(restart, shutdown, kind, backlog, services, listeners, policy.policy(), history),
                List.of());
    }

    private static <T> T read(Map<String, ?> properties, String name, T fallback, List<String> problems,
            Function<Object, T> parser, String expected) {
        return Values.read(properties, name, fallback, problems, parser, expected);
    }

    private static String filter(Object value) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("not a String");
        }
        try {
            FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a valid filter: " + e.getMessage(), e);
        }
        return text;
    }
}
