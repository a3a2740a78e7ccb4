package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.Status;
import supervisor.core.RestartRules.Decision;
import supervisor.core.RestartRules.GiveUp;
import supervisor.core.RestartRules.RestartAfter;
import supervisor.core.RestartRules.Rules;
import supervisor.core.RestartRules.Stay;
import supervisor.core.RestartRules.Track;

/** The pure restart rules: every delay and decision, exactly. */
class RestartRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration SHORT_RUN = Duration.ofMillis(10);

    private static Rules rules(Policy own) {
        return Rules.resolve(own, Policy.INHERIT, INTERVAL);
    }

    private static Policy.Builder policy() {
        return Policy.builder();
    }

    @Test
    void builtInDefaults_areTheOriginals_alwaysAfterTheInterval_forever() {
        Rules rules = rules(Policy.INHERIT);
        assertThat(rules).isEqualTo(new Rules(Restart.ALWAYS, INTERVAL, INTERVAL, 2.0, 0.0, Duration.ofMinutes(1), 0,
                Duration.ZERO, false));
        Track track = Track.FRESH;
        for (int i = 0; i < 100; i++) {
            Decision decision = RestartRules.decide(rules, Status.STOPPED, SHORT_RUN, T0, track, 0.5);
            assertThat(decision).isInstanceOf(RestartAfter.class);
            assertThat(((RestartAfter) decision).delay()).isEqualTo(INTERVAL);
            track = ((RestartAfter) decision).next();
        }
    }

    @Test
    void resolve_takesTheServicesOwnSettings_thenTheDefaults_thenTheBuiltIns() {
        Policy defaults = policy().restart(Restart.ON_FAILURE).minDelay(Duration.ofSeconds(2)).jitter(0.25).build();
        Policy own = policy().maxDelay(Duration.ofSeconds(30)).jitter(0.5).build();
        Rules rules = Rules.resolve(own, defaults, INTERVAL);
        assertThat(rules).isEqualTo(new Rules(Restart.ON_FAILURE, Duration.ofSeconds(2), Duration.ofSeconds(30), 2.0, 0.5,
                Duration.ofMinutes(1), 0, Duration.ZERO, false));
    }

    @Test
    void resolve_aMaxDelayBelowTheMinDelay_meansAFixedDelay() {
        Policy own = policy().minDelay(Duration.ofSeconds(5)).build();
        Rules rules = Rules.resolve(own, policy().maxDelay(Duration.ofSeconds(2)).build(), INTERVAL);
        assertThat(rules.minDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(rules.maxDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void never_leavesEveryEndedRun() {
        Rules rules = rules(policy().restart(Restart.NEVER).build());
        for (Status ended : List.of(Status.STOPPED, Status.ERROR, Status.PANIC)) {
            assertThat(RestartRules.decide(rules, ended, SHORT_RUN, T0, Track.FRESH, 0))
                    .isEqualTo(new Stay("not restarted: restart policy NEVER"));
        }
    }

    @Test
    void onFailure_restartsErrorsAndPanics_butNotACleanStop() {
        Rules rules = rules(policy().restart(Restart.ON_FAILURE).build());
        assertThat(RestartRules.decide(rules, Status.STOPPED, SHORT_RUN, T0, Track.FRESH, 0))
                .isEqualTo(new Stay("not restarted: restart policy ON_FAILURE and the run ended STOPPED"));
        assertThat(RestartRules.decide(rules, Status.ERROR, SHORT_RUN, T0, Track.FRESH, 0)).isInstanceOf(RestartAfter.class);
        assertThat(RestartRules.decide(rules, Status.PANIC, SHORT_RUN, T0, Track.FRESH, 0)).isInstanceOf(RestartAfter.class);
    }

    @Test
    void exponentialBackoff_doublesFromMinToMax() {
        Rules rules = rules(policy().backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0).build());
        assertThat(delays(rules, 7, SHORT_RUN)).containsExactly(
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void backoff_resetsAfterARunThatStayedUpLongEnough() {
        Rules rules = rules(policy().backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 3.0)
                .resetAfter(Duration.ofSeconds(30)).build());
        Track track = Track.FRESH;
        for (int i = 0; i < 3; i++) {
            track = ((RestartAfter) RestartRules.decide(rules, Status.ERROR, SHORT_RUN, T0, track, 0)).next();
        }
        RestartAfter almost = (RestartAfter) RestartRules.decide(rules, Status.ERROR, Duration.ofSeconds(30).minusNanos(1), T0, track, 0);
        assertThat(almost.delay()).isEqualTo(Duration.ofMillis(2700));
        RestartAfter reset = (RestartAfter) RestartRules.decide(rules, Status.ERROR, Duration.ofSeconds(30), T0, track, 0);
        assertThat(reset.delay()).isEqualTo(Duration.ofMillis(100));
        assertThat(reset.next().consecutive()).isEqualTo(1);
    }

    @Test
    void jitter_shortensTheDelayByTheRandomFraction() {
        Rules rules = rules(policy().fixedDelay(Duration.ofSeconds(10)).jitter(0.5).build());
        assertThat(RestartRules.delay(rules, 0, 0.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(RestartRules.delay(rules, 0, 0.5)).isEqualTo(Duration.ofMillis(7500));
        assertThat(RestartRules.delay(rules, 0, 0.999)).isEqualTo(Duration.ofMillis(5005));
    }

    @Test
    void delays_alwaysStayWithinTheirBounds_forRandomPoliciesAndDraws() {
        SplittableRandom random = new SplittableRandom(20261127);
        for (int trial = 0; trial < 2000; trial++) {
            long minMillis = 1 + random.nextLong(5000);
            long maxMillis = minMillis + random.nextLong(100_000);
            double multiplier = 1 + random.nextDouble() * 9;
            double jitter = random.nextDouble() * 0.99;
            Rules rules = rules(policy().backoff(Duration.ofMillis(minMillis), Duration.ofMillis(maxMillis), multiplier)
                    .jitter(jitter).build());
            int consecutive = random.nextInt(200);
            Duration delay = RestartRules.delay(rules, consecutive, random.nextDouble());
            double base = Math.min(maxMillis, minMillis * Math.pow(multiplier, consecutive));
            assertThat(delay).isLessThanOrEqualTo(Duration.ofMillis(maxMillis));
            assertThat(delay.toNanos()).isLessThanOrEqualTo((long) (base * 1_000_000) + 1);
            assertThat(delay.toNanos()).isGreaterThanOrEqualTo(Math.max(1_000_000L, (long) (base * (1 - jitter) * 1_000_000) - 1));
        }
    }

    @Test
    void intensity_allowsMaxRestartsWithinTheWindow_thenGivesUp() {
        Rules rules = rules(policy().intensity(3, Duration.ofSeconds(10)).build());
        Track track = Track.FRESH;
        for (int i = 0; i < 3; i++) {
            Decision decision = RestartRules.decide(rules, Status.ERROR, SHORT_RUN, T0.plusSeconds(i), track, 0);
            assertThat(decision).isInstanceOf(RestartAfter.class);
            track = ((RestartAfter) decision).next();
        }
        assertThat(track.recent()).containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(RestartRules.decide(rules, Status.ERROR, SHORT_RUN, T0.plusSeconds(3), track, 0))
                .isEqualTo(new GiveUp("gave up: 3 restarts within PT10S reached the limit of 3", false));
    }

    @Test
    void intensity_forgetsRestartsThatLeftTheWindow() {
        Rules rules = rules(policy().intensity(2, Duration.ofSeconds(10)).escalate(true).build());
        Track track = new Track(2, List.of(T0, T0.plusSeconds(5)));
        Decision atTen = RestartRules.decide(rules, Status.ERROR, SHORT_RUN, T0.plusSeconds(10), track, 0);
        assertThat(atTen).isInstanceOf(RestartAfter.class);
        assertThat(((RestartAfter) atTen).next().recent()).containsExactly(T0.plusSeconds(5), T0.plusSeconds(10));
        Decision atTwelve = RestartRules.decide(rules, Status.ERROR, SHORT_RUN, T0.plusSeconds(12), ((RestartAfter) atTen).next(), 0);
        assertThat(atTwelve).isEqualTo(new GiveUp("gave up: 2 restarts within PT10S reached the limit of 2", true));
    }

    private static List<Duration> delays(Rules rules, int count, Duration ranFor) {
        Track track = Track.FRESH;
        List<Duration> delays = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            RestartAfter decision = (RestartAfter) RestartRules.decide(rules, Status.ERROR, ranFor, T0, track, 0);
            delays.add(decision.delay());
            track = decision.next();
        }
        return delays;
    }
}
