package supervisor.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How a service is restarted: which ended runs are followed by another ({@link Restart}), how long
 * after (a fixed delay, or an exponential backoff with jitter that resets once a run stayed up
 * long enough), how many restarts within a window are tolerated before the supervisor gives up
 * on it, whether giving up shuts the whole supervisor down, and which kind of thread runs it.
 *
 * <p>Every setting is optional: one left unset is taken from the supervisor's default policy
 * ({@link Config#defaultPolicy()}), and one unset there from the built-in defaults: restart
 * {@link Restart#ALWAYS}, a fixed delay of {@link Config#restartInterval()}, multiplier 2, no
 * jitter, backoff reset after 1 minute up, no restart limit, no escalation, and the thread kind of
 * {@link Config#threadKind()}. The supervisor resolves
 * a service's policy whenever a run ends, so a changed default applies from the next restart on.
 *
 * <p>The delay before restart number {@code n} since the last reset (counting from 0) is
 * {@code min(maxDelay, minDelay * multiplier^n) * (1 - jitter * u)}, where {@code u} is uniformly
 * random in [0, 1), and never less than {@link Config#MIN_RESTART_INTERVAL}; so with jitter the
 * delay only ever shortens, and it never exceeds {@code maxDelay}. A {@code maxDelay} below
 * {@code minDelay} counts as {@code minDelay}: a fixed delay.
 *
 * <p>Immutable; build one with {@link #builder()}.
 */
public final class Policy {

    /** A policy that sets nothing: every setting comes from the defaults. */
    public static final Policy INHERIT = builder().build();

    /** The multiplier's accepted range. */
    public static final double MIN_MULTIPLIER = 1.0;
    /** The multiplier's accepted range. */
    public static final double MAX_MULTIPLIER = 100.0;
    /** The largest restart limit accepted. */
    public static final int MAX_RESTARTS_LIMIT = 1_000_000;

    private final Restart restart;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final Double multiplier;
    private final Double jitter;
    private final Duration resetAfter;
    private final Integer maxRestarts;
    private final Duration window;
    private final Boolean escalate;
    private final ThreadKind threadKind;

    private Policy(Builder b) {
        threadKind = b.threadKind;
        restart = b.restart;
        minDelay = b.minDelay;
        maxDelay = b.maxDelay;
        multiplier = b.multiplier;
        jitter = b.jitter;
        resetAfter = b.resetAfter;
        maxRestarts = b.maxRestarts;
        window = b.window;
        escalate = b.escalate;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this policy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.restart = restart;
        b.minDelay = minDelay;
        b.maxDelay = maxDelay;
        b.multiplier = multiplier;
        b.jitter = jitter;
        b.resetAfter = resetAfter;
        b.maxRestarts = maxRestarts;
        b.window = window;
        b.escalate = escalate;
        b.threadKind = threadKind;
        return b;
    }

    /**
     * This policy with every unset setting taken from {@code defaults}.
     *
     * @throws NullPointerException if defaults is null
     */
    public Policy orElse(Policy defaults) {
        Objects.requireNonNull(defaults, "defaults must not be null");
        Builder b = new Builder();
        b.restart = restart != null ? restart : defaults.restart;
        b.minDelay = minDelay != null ? minDelay : defaults.minDelay;
        b.maxDelay = maxDelay != null ? maxDelay : defaults.maxDelay;
        b.multiplier = multiplier != null ? multiplier : defaults.multiplier;
        b.jitter = jitter != null ? jitter : defaults.jitter;
        b.resetAfter = resetAfter != null ? resetAfter : defaults.resetAfter;
        b.maxRestarts = maxRestarts != null ? maxRestarts : defaults.maxRestarts;
        b.window = maxRestarts != null ? window : defaults.window;
        b.escalate = escalate != null ? escalate : defaults.escalate;
        b.threadKind = threadKind != null ? threadKind : defaults.threadKind;
        return b.build();
    }

    /** Which ended runs are restarted. */
    public Optional<Restart> restart() {
        return Optional.ofNullable(restart);
    }

    /** The first delay after a reset. */
    public Optional<Duration> minDelay() {
        return Optional.ofNullable(minDelay);
    }

    /** The longest delay. */
    public Optional<Duration> maxDelay() {
        return Optional.ofNullable(maxDelay);
    }

    /** By how much each consecutive restart multiplies the delay. */
    public OptionalDouble multiplier() {
        return multiplier == null ? OptionalDouble.empty() : OptionalDouble.of(multiplier);
    }

    /** The fraction by which a delay is randomly shortened, from 0 (none) to below 1. */
    public OptionalDouble jitter() {
        return jitter == null ? OptionalDouble.empty() : OptionalDouble.of(jitter);
    }

    /** How long a run must stay up for the next delay to start again from {@link #minDelay()}. */
    public Optional<Duration> resetAfter() {
        return Optional.ofNullable(resetAfter);
    }

    /**
     * The number of restarts tolerated within {@link #window()}; past it the service is given up.
     * 0 means no limit, set with {@link Builder#noRestartLimit()} to override a default limit.
     */
    public OptionalInt maxRestarts() {
        return maxRestarts == null ? OptionalInt.empty() : OptionalInt.of(maxRestarts);
    }

    /** The window of the restart limit; set together with {@link #maxRestarts()}. */
    public Optional<Duration> window() {
        return Optional.ofNullable(window);
    }

    /** Whether giving up on the service shuts the whole supervisor down. */
    public Optional<Boolean> escalate() {
        return Optional.ofNullable(escalate);
    }

    /** The kind of thread that runs the service. */
    public Optional<ThreadKind> threadKind() {
        return Optional.ofNullable(threadKind);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Policy p && toString().equals(p.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Policy[");
        append(text, "restart", restart);
        append(text, "minDelay", minDelay);
        append(text, "maxDelay", maxDelay);
        append(text, "multiplier", multiplier);
        append(text, "jitter", jitter);
        append(text, "resetAfter", resetAfter);
        append(text, "maxRestarts", maxRestarts);
        append(text, "window", window);
        append(text, "escalate", escalate);
        append(text, "threadKind", threadKind);
        if (text.charAt(text.length() - 1) == ' ') {
            text.setLength(text.length() - 2);
        }
        return text.append(']').toString();
    }

    private static void append(StringBuilder text, String name, Object value) {
        if (value != null) {
            text.append(name).append('=').append(value).append(", ");
        }
    }

    /** Collects a {@link Policy}; each setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private Restart restart;
        private Duration minDelay;
        private Duration maxDelay;
        private Double multiplier;
        private Double jitter;
        private Duration resetAfter;
        private Integer maxRestarts;
        private Duration window;
        private Boolean escalate;
        private ThreadKind threadKind;

        private Builder() {
        }

        /** Which ended runs are restarted. @throws NullPointerException if null */
        public Builder restart(Restart value) {
            restart = Objects.requireNonNull(value, "restart must not be null");
            return this;
        }

        /** A fixed delay: both {@code minDelay} and {@code maxDelay}; see {@link Config#checkRestartInterval}. */
        public Builder fixedDelay(Duration delay) {
            minDelay = Config.checkRange("delay", delay, Config.MIN_RESTART_INTERVAL, Config.MAX_RESTART_INTERVAL);
            maxDelay = delay;
            return this;
        }

        /**
         * An exponential backoff from {@code min} to {@code max}, multiplied by {@code multiplier}
         * at each consecutive restart.
         *
         * @throws IllegalArgumentException if a delay is outside 1 ms to 24 h, max is below min, or
         *     the multiplier is outside 1 to 100
         */
        public Builder backoff(Duration min, Duration max, double multiplier) {
            Config.checkRange("minDelay", min, Config.MIN_RESTART_INTERVAL, Config.MAX_RESTART_INTERVAL);
            Config.checkRange("maxDelay", max, Config.MIN_RESTART_INTERVAL, Config.MAX_RESTART_INTERVAL);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("maxDelay must not be below minDelay " + min + ", was " + max);
            }
            minDelay = min;
            maxDelay = max;
            return multiplier(multiplier);
        }

        /** The first delay after a reset; 1 ms to 24 h. */
        public Builder minDelay(Duration value) {
            minDelay = Config.checkRange("minDelay", value, Config.MIN_RESTART_INTERVAL, Config.MAX_RESTART_INTERVAL);
            return this;
        }

        /** The longest delay; 1 ms to 24 h. */
        public Builder maxDelay(Duration value) {
            maxDelay = Config.checkRange("maxDelay", value, Config.MIN_RESTART_INTERVAL, Config.MAX_RESTART_INTERVAL);
            return this;
        }

        /** The backoff multiplier; 1 to 100. */
        public Builder multiplier(double value) {
            if (!(value >= MIN_MULTIPLIER && value <= MAX_MULTIPLIER)) {
                throw new IllegalArgumentException("multiplier must be from " + MIN_MULTIPLIER + " to " + MAX_MULTIPLIER
                        + ", was " + value);
            }
            multiplier = value;
            return this;
        }

        /** The jitter factor: from 0 (none) to below 1. */
        public Builder jitter(double value) {
            if (!(value >= 0.0 && value < 1.0)) {
                throw new IllegalArgumentException("jitter must be from 0 to below 1, was " + value);
            }
            jitter = value;
            return this;
        }

        /** How long a run must stay up to reset the backoff; 1 ms to 24 h. */
        public Builder resetAfter(Duration value) {
            resetAfter = Config.checkRange("resetAfter", value, Config.MIN_RESTART_INTERVAL, Config.MAX_RESTART_INTERVAL);
            return this;
        }

        /**
         * At most {@code maxRestarts} restarts within {@code window}; the next one gives the service up.
         *
         * @throws IllegalArgumentException if maxRestarts is outside 1 to {@link #MAX_RESTARTS_LIMIT}
         *     or the window outside 1 ms to 24 h
         */
        public Builder intensity(int maxRestarts, Duration window) {
            if (maxRestarts < 1 || maxRestarts > MAX_RESTARTS_LIMIT) {
                throw new IllegalArgumentException("maxRestarts must be from 1 to " + MAX_RESTARTS_LIMIT + ", was " + maxRestarts);
            }
            this.window = Config.checkRange("window", window, Config.MIN_RESTART_INTERVAL, Config.MAX_RESTART_INTERVAL);
            this.maxRestarts = maxRestarts;
            return this;
        }

        /** No restart limit, even if the default policy sets one. */
        public Builder noRestartLimit() {
            maxRestarts = 0;
            window = null;
            return this;
        }

        /** Whether giving up on the service shuts the whole supervisor down (OTP's escalation). */
        public Builder escalate(boolean value) {
            escalate = value;
            return this;
        }

        /**
         * The kind of thread that runs the service; see {@link ThreadKind} for the trade-off.
         *
         * @throws NullPointerException if it is null
         * @throws IllegalArgumentException if it is {@link ThreadKind#VIRTUAL} and this JVM has no
         *     virtual threads
         */
        public Builder threadKind(ThreadKind kind) {
            threadKind = ThreadKind.check(kind);
            return this;
        }

        /** The policy. */
        public Policy build() {
            return new Policy(this);
        }
    }
}
