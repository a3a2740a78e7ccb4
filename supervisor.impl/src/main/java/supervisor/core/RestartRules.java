package supervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.Status;
import supervisor.api.ThreadKind;

/**
 * What to do when a run ends: pure functions of the service's rules, its restart track, the time
 * and a random number, so every delay can be tested exactly.
 */
final class RestartRules {

    /** Consecutive restarts are counted up to this; the delay has long reached its maximum by then. */
    private static final int MAX_CONSECUTIVE = 10_000;
    private static final Duration BUILT_IN_RESET_AFTER = Duration.ofMinutes(1);
    private static final double BUILT_IN_MULTIPLIER = 2.0;

    private RestartRules() {
    }

    /** A service's policy with every setting resolved. */
    record Rules(Restart restart, Duration minDelay, Duration maxDelay, double multiplier, double jitter,
            Duration resetAfter, int maxRestarts, Duration window, boolean escalate) {

        /** {@code own}, then {@code defaults}, then the built-in defaults, whose delay is {@code restartInterval}. */
        static Rules resolve(Policy own, Policy defaults, Duration restartInterval) {
            Policy policy = own.orElse(defaults);
            Duration min = policy.minDelay().orElse(restartInterval);
            Duration max = policy.maxDelay().filter(d -> d.compareTo(min) >= 0).orElse(min);
            return new Rules(
                    policy.restart().orElse(Restart.ALWAYS),
                    min,
                    max,
                    policy.multiplier().orElse(BUILT_IN_MULTIPLIER),
                    policy.jitter().orElse(0.0),
                    policy.resetAfter().orElse(BUILT_IN_RESET_AFTER),
                    policy.maxRestarts().orElse(0),
                    policy.window().orElse(Duration.ZERO),
                    policy.escalate().orElse(false));
        }

        /** These rules as a policy with every setting set, and {@code threadKind}. */
        Policy toPolicy(ThreadKind threadKind) {
            Policy.Builder policy = Policy.builder().restart(restart).minDelay(minDelay).maxDelay(maxDelay)
                    .multiplier(multiplier).jitter(jitter).resetAfter(resetAfter).escalate(escalate).threadKind(threadKind);
            return (maxRestarts > 0 ? policy.intensity(maxRestarts, window) : policy.noRestartLimit()).build();
        }
    }

    /**
     * A service's restart history as far as the rules need it: restarts since the backoff was last
     * reset, and the instants of the restarts still inside the intensity window.
     */
    record Track(int consecutive, List<Instant> recent) {
        static final Track FRESH = new Track(0, List.of());

        Track {
            recent = List.copyOf(recent);
        }
    }

    /** The outcome of a run's end. */
    sealed interface Decision permits RestartAfter, Stay, GiveUp {
    }

    /** Start the service again after {@code delay}; its track becomes {@code next}. */
    record RestartAfter(Duration delay, Track next) implements Decision {
    }

    /** Leave the service stopped, as its policy says. */
    record Stay(String reason) implements Decision {
    }

    /** The service ended too often: give it up, and shut the supervisor down if {@code escalate}. */
    record GiveUp(String reason, boolean escalate) implements Decision {
    }

    /**
     * Decides what follows a run that ended with {@code ended} after running for {@code ranFor}.
     *
     * @param random uniformly distributed in [0, 1): how much jitter shortens the delay
     */
    static Decision decide(Rules rules, Status ended, Duration ranFor, Instant now, Track track, double random) {
        if (rules.restart() == Restart.NEVER) {
            return new Stay("not restarted: restart policy NEVER");
        }
        if (rules.restart() == Restart.ON_FAILURE && !ended.isFailure()) {
            return new Stay("not restarted: restart policy ON_FAILURE and the run ended " + ended);
        }
        int consecutive = ranFor.compareTo(rules.resetAfter()) >= 0 ? 0 : track.consecutive();
        List<Instant> recent = new ArrayList<>();
        if (rules.maxRestarts() > 0) {
            Instant windowStart = now.minus(rules.window());
            for (Instant restart : track.recent()) {
                if (restart.isAfter(windowStart)) {
                    recent.add(restart);
                }
            }
            if (recent.size() >= rules.maxRestarts()) {
                return new GiveUp("gave up: " + recent.size() + (recent.size() == 1 ? " restart" : " restarts")
                        + " within " + rules.window() + " reached the limit of " + rules.maxRestarts(), rules.escalate());
            }
            recent.add(now);
        }
        return new RestartAfter(delay(rules, consecutive, random),
                new Track(Math.min(consecutive + 1, MAX_CONSECUTIVE), recent));
    }

    /**
     * The delay before restart number {@code consecutive} since the last reset:
     * {@code min(max, min * multiplier^consecutive) * (1 - jitter * random)}, at least
     * {@link Config#MIN_RESTART_INTERVAL}.
     */
    static Duration delay(Rules rules, int consecutive, double random) {
        double grown = rules.minDelay().toNanos() * Math.pow(rules.multiplier(), consecutive);
        double capped = Math.min(rules.maxDelay().toNanos(), grown);
        long jittered = Math.round(capped * (1.0 - rules.jitter() * random));
        return Duration.ofNanos(Math.max(Config.MIN_RESTART_INTERVAL.toNanos(), jittered));
    }
}
