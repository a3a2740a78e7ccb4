package supervisor.osgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.SupervisorConstants;
import supervisor.api.ThreadKind;

/**
 * Reads a restart {@link Policy} from properties: a whiteboard service's own policy from its
 * service properties ({@value SupervisorConstants#RESTART}, ...), or a supervisor's default policy
 * from its configuration (the same names without {@code supervisor.}, and no first delay: that is
 * {@value SupervisorConstants#RESTART_INTERVAL}). Pure and stateless.
 *
 * <p>Rules: see {@link Values} for single values and what counts as unset; an unset setting is
 * left unset in the policy, so it is inherited. The restart policy is a {@link Restart} name in any
 * case; delays are durations from 1 ms to 24 h; the multiplier is a number from 1 to 100, the
 * jitter from 0 to below 1; the restart limit is a whole number from 1 to
 * {@link Policy#MAX_RESTARTS_LIMIT} and goes with its window; escalation is a Boolean or
 * {@code true}/{@code false}; the thread kind (a service's {@value SupervisorConstants#SERVICE_THREAD_KIND}
 * only: a configuration's is a setting of its own) is PLATFORM or VIRTUAL, any case, and VIRTUAL
 * only on Java 21 or later. In a configuration a restart limit of 0 means none (as the metatype
 * default says), and a window without a limit is ignored; on a service both are an error. Every
 * invalid value is one problem, naming the property, the value and what is expected; the setting
 * is then left unset.
 */
final class PolicyProperties {

    private static final String DELAY_RANGE =
            Values.DURATION_FORMAT + " from " + Config.MIN_RESTART_INTERVAL + " to " + Config.MAX_RESTART_INTERVAL;

    /** What a thread kind may be, for messages; says when this JVM has no virtual threads. */
    static final String THREAD_KINDS = "one of " + Values.names(ThreadKind.class) + ", any case"
            + (ThreadKind.virtualThreadsAvailable() ? "" : "; VIRTUAL only on Java 21 or later, this is Java "
                    + Runtime.version().feature());

    /** A {@link ThreadKind} by name, any case, that this JVM can make. */
    static ThreadKind threadKind(Object value) {
        ThreadKind kind;
        try {
            kind = Values.constant(ThreadKind.class, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no such thread kind", e);
        }
        if (kind == ThreadKind.VIRTUAL && !ThreadKind.virtualThreadsAvailable()) {
            throw new IllegalArgumentException("this JVM has no virtual threads");
        }
        return kind;
    }

    /** Where the properties come from, which decides their names and the rules for the restart limit. */
    enum Source {
        /** A whiteboard service's properties: {@code supervisor.restart}, ... */
        SERVICE("supervisor."),
        /** A supervisor's configuration: {@code restart}, ... (its first delay is the restart interval). */
        CONFIGURATION("");

        private final String prefix;

        Source(String prefix) {
            this.prefix = prefix;
        }

        String name(String setting) {
            return prefix + setting;
        }
    }

    /** A policy and the problems met reading it; each problem left its setting unset. */
    record Result(Policy policy, List<String> problems) {
        Result {
            problems = List.copyOf(problems);
        }
    }

    private PolicyProperties() {
    }

    /**
     * Reads the policy that {@code properties} describe; unrelated properties are ignored.
     *
     * @return the policy (never null; {@link Policy#INHERIT} when nothing is set) and the problems
     */
    static Result parse(Map<String, ?> properties, Source source) {
        Policy.Builder policy = Policy.builder();
        List<String> problems = new ArrayList<>();
        read(properties, source.name("restart"), problems, "one of " + Values.names(Restart.class) + ", any case",
                value -> policy.restart(Values.constant(Restart.class, value)));
        if (source == Source.SERVICE) {
            read(properties, source.name("min.delay"), problems, DELAY_RANGE,
                    value -> policy.minDelay(Values.duration(value)));
        }
        read(properties, source.name("max.delay"), problems, DELAY_RANGE,
                value -> policy.maxDelay(Values.duration(value)));
        read(properties, source.name("multiplier"), problems,
                "a number from " + Policy.MIN_MULTIPLIER + " to " + Policy.MAX_MULTIPLIER,
                value -> policy.multiplier(Values.number(value)));
        read(properties, source.name("jitter"), problems, "a number from 0 (no jitter) to below 1",
                value -> policy.jitter(Values.number(value)));
        read(properties, source.name("reset.after"), problems, DELAY_RANGE,
                value -> policy.resetAfter(Values.duration(value)));
        read(properties, source.name("escalate"), problems, "true or false",
                value -> policy.escalate(Values.bool(value)));
        if (source == Source.SERVICE) {
            read(properties, SupervisorConstants.SERVICE_THREAD_KIND, problems, THREAD_KINDS,
                    value -> policy.threadKind(threadKind(value)));
        }
        intensity(properties, source, policy, problems);
        return new Result(policy.build(), problems);
    }

    /** The restart limit and its window: each is checked on its own, and set only together. */
    private static void intensity(Map<String, ?> properties, Source source, Policy.Builder policy, List<String> problems) {
        String maxName = source.name("max.restarts");
        String windowName = source.name("window");
        int lowest = 0;
        String maxExpected = "a whole number from 0 (no limit) to " + Policy.MAX_RESTARTS_LIMIT
                + ", together with " + windowName + " unless 0";
        Integer max = read(properties, maxName, problems, maxExpected, value -> {
            int number = Values.wholeNumber(value);
            if (number < lowest || number > Policy.MAX_RESTARTS_LIMIT) {
                throw new IllegalArgumentException("maxRestarts must be from " + lowest + " to "
                        + Policy.MAX_RESTARTS_LIMIT + ", was " + number);
            }
            return number;
        });
        String windowExpected = DELAY_RANGE + ", together with " + maxName;
        Duration window = read(properties, windowName, problems, windowExpected, value -> {
            Duration duration = Values.duration(value);
            Policy.builder().intensity(1, duration); // the engine's own check of a window
            return duration;
        });
        boolean maxGiven = !Values.isUnset(properties.get(maxName));
        boolean windowGiven = !Values.isUnset(properties.get(windowName));
        if (max != null && max == 0) {
            if (source == Source.SERVICE) {
                policy.noRestartLimit(); // overrides a default limit; in the configuration, 0 is the built-in default
            }
        } else if (max != null && window != null) {
            policy.intensity(max, window);
        } else if (max != null && max > 0 && !windowGiven) {
            problems.add(Values.problem(maxName, properties.get(maxName), "no " + windowName + " given", maxExpected));
        } else if (source == Source.SERVICE && window != null && !maxGiven) {
            problems.add(Values.problem(windowName, properties.get(windowName), "no " + maxName + " given", windowExpected));
        }
    }

    /** One property, or null when it is unset or invalid (then recording the problem). */
    private static <T> T read(Map<String, ?> properties, String name, List<String> problems, String expected,
            Function<Object, T> parser) {
        return Values.read(properties, name, null, problems, parser, expected);
    }

    /** The settings a policy sets, as {@code name=value} pairs named as in {@code source}; empty when none. */
    static List<String> describe(Policy policy, Source source) {
        List<String> pairs = new ArrayList<>();
        properties(policy, source).forEach((name, value) -> pairs.add(name + "=" + value));
        return pairs;
    }

    /**
     * The settings a policy sets, as properties named as in {@code source} with values that
     * {@link #parse} reads back to the same settings, in a fixed order; empty when none.
     */
    static Map<String, String> properties(Policy policy, Source source) {
        Map<String, String> properties = new LinkedHashMap<>();
        policy.restart().ifPresent(v -> properties.put(source.name("restart"), v.name()));
        policy.minDelay().ifPresent(v -> properties.put(source.name("min.delay"), v.toString()));
        policy.maxDelay().ifPresent(v -> properties.put(source.name("max.delay"), v.toString()));
        policy.multiplier().ifPresent(v -> properties.put(source.name("multiplier"), Double.toString(v)));
        policy.jitter().ifPresent(v -> properties.put(source.name("jitter"), Double.toString(v)));
        policy.resetAfter().ifPresent(v -> properties.put(source.name("reset.after"), v.toString()));
        policy.maxRestarts().ifPresent(v -> properties.put(source.name("max.restarts"), Integer.toString(v)));
        policy.window().ifPresent(v -> properties.put(source.name("window"), v.toString()));
        policy.escalate().ifPresent(v -> properties.put(source.name("escalate"), Boolean.toString(v)));
        policy.threadKind().ifPresent(v -> properties.put(source.name("thread.kind"), v.name()));
        return properties;
    }
}
