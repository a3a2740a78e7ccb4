package supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PolicyTest {

    @Test
    void inherit_setsNothing() {
        assertThat(Policy.INHERIT).hasToString("Policy[]");
    }

    @Test
    void inherit_hasEverySettingEmpty() {
        Policy p = Policy.INHERIT;
        assertThat(List.of(p.restart(), p.minDelay(), p.maxDelay(), p.resetAfter(), p.window(), p.escalate(),
                p.threadKind())).allMatch(Optional::isEmpty);
        assertThat(List.of(p.multiplier(), p.jitter())).allMatch(OptionalDouble::isEmpty);
        assertThat(p.maxRestarts()).isEmpty();
    }

    @Test
    void orElse_takesOwnSettingsFirst_andTheRestFromTheDefaults() {
        Policy own = Policy.builder().restart(Restart.NEVER).jitter(0.1).build();
        Policy defaults = Policy.builder().restart(Restart.ALWAYS).fixedDelay(Duration.ofSeconds(2))
                .intensity(5, Duration.ofSeconds(30)).escalate(true).threadKind(ThreadKind.PLATFORM).build();
        assertThat(own.orElse(defaults)).hasToString("Policy[restart=NEVER, minDelay=PT2S, maxDelay=PT2S, jitter=0.1, "
                + "maxRestarts=5, window=PT30S, escalate=true, threadKind=PLATFORM]");
    }

    @Test
    void orElse_withoutOwnThreadKind_inheritsTheDefaultsThreadKind() {
        Policy defaults = Policy.builder().threadKind(ThreadKind.PLATFORM).build();
        assertThat(Policy.builder().jitter(0.5).build().orElse(defaults).threadKind()).contains(ThreadKind.PLATFORM);
    }

    @Test
    void orElse_withOwnThreadKind_keepsIt() {
        assumeThat(ThreadKind.virtualThreadsAvailable()).as("a JVM with virtual threads").isTrue();
        Policy own = Policy.builder().threadKind(ThreadKind.VIRTUAL).build();
        Policy defaults = Policy.builder().threadKind(ThreadKind.PLATFORM).build();
        assertThat(own.orElse(defaults).threadKind()).contains(ThreadKind.VIRTUAL);
    }

    @Test
    void orElse_withNeitherSettingAThreadKind_leavesItUnset() {
        assertThat(Policy.INHERIT.orElse(Policy.INHERIT).threadKind()).isEmpty();
    }

    @Test
    void orElse_null_isRejected() {
        assertThatThrownBy(() -> Policy.INHERIT.orElse(null))
                .isInstanceOf(NullPointerException.class).hasMessage("defaults must not be null");
    }

    @Test
    void orElse_takesTheRestartLimitAndItsWindowTogether() {
        Policy own = Policy.builder().intensity(2, Duration.ofSeconds(1)).build();
        Policy defaults = Policy.builder().intensity(9, Duration.ofHours(1)).build();
        assertThat(own.orElse(defaults)).hasToString("Policy[maxRestarts=2, window=PT1S]");
    }

    @Test
    void noRestartLimit_overridesADefaultLimitAndItsWindow() {
        Policy defaults = Policy.builder().intensity(3, Duration.ofMinutes(1)).build();
        Policy own = Policy.builder().noRestartLimit().build();
        assertThat(own.orElse(defaults)).hasToString("Policy[maxRestarts=0]");
    }

    @Test
    void threadKind_null_isRejected() {
        assertThatThrownBy(() -> Policy.builder().threadKind(null))
                .isInstanceOf(NullPointerException.class).hasMessage("threadKind must not be null");
    }

    @Test
    void threadKind_virtualBeforeJava21_isRejectedSayingWhatToUse() {
        assumeThat(Runtime.version().feature()).as("a JVM without virtual threads").isLessThan(21);
        assertThatThrownBy(() -> Policy.builder().threadKind(ThreadKind.VIRTUAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threadKind VIRTUAL needs Java 21 or later, this is Java "
                        + Runtime.version().feature() + "; use PLATFORM");
    }

    @Test
    void toBuilder_keepsTheThreadKind() {
        Policy policy = Policy.builder().threadKind(ThreadKind.PLATFORM).build();
        assertThat(policy.toBuilder().build()).isEqualTo(policy).hasToString("Policy[threadKind=PLATFORM]");
    }

    @Test
    void equals_sameSettings_isEqualWithTheSameHashCode() {
        assertThat(Policy.builder().jitter(0.2).build()).isEqualTo(Policy.builder().jitter(0.2).build())
                .hasSameHashCodeAs(Policy.builder().jitter(0.2).build());
    }

    @Test
    void equals_differentSettings_isNotEqual() {
        assertThat(Policy.builder().jitter(0.2).build()).isNotEqualTo(Policy.builder().jitter(0.3).build());
    }

    @Test
    void fixedDelay_zero_isRejected() {
        assertThatThrownBy(() -> Policy.builder().fixedDelay(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delay must be from PT0.001S to PT24H, was PT0S");
    }

    @Test
    void backoff_maxBelowMin_isRejected() {
        assertThatThrownBy(() -> Policy.builder().backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDelay must not be below minDelay PT5S, was PT1S");
    }

    @Test
    void multiplier_belowOne_isRejected() {
        assertThatThrownBy(() -> Policy.builder().multiplier(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("multiplier must be from 1.0 to 100.0, was 0.5");
    }

    @Test
    void multiplier_notANumber_isRejected() {
        assertThatThrownBy(() -> Policy.builder().multiplier(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("multiplier must be from 1.0 to 100.0, was NaN");
    }

    @Test
    void jitter_one_isRejected() {
        assertThatThrownBy(() -> Policy.builder().jitter(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be from 0 to below 1, was 1.0");
    }

    @Test
    void jitter_negative_isRejected() {
        assertThatThrownBy(() -> Policy.builder().jitter(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be from 0 to below 1, was -0.1");
    }

    @Test
    void intensity_zeroRestarts_isRejected() {
        assertThatThrownBy(() -> Policy.builder().intensity(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRestarts must be from 1 to 1000000, was 0");
    }

    @Test
    void intensity_windowOverADay_isRejected() {
        assertThatThrownBy(() -> Policy.builder().intensity(3, Duration.ofDays(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be from PT0.001S to PT24H, was PT72H");
    }

    @Test
    void resetAfter_negative_isRejected() {
        assertThatThrownBy(() -> Policy.builder().resetAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("resetAfter must be from PT0.001S to PT24H, was PT-1S");
    }

    @Test
    void restart_null_isRejected() {
        assertThatThrownBy(() -> Policy.builder().restart(null))
                .isInstanceOf(NullPointerException.class).hasMessage("restart must not be null");
    }

    @Test
    void configService_nullPolicy_isRejectedNamingTheService() {
        assertThatThrownBy(() -> Config.builder().service("s", c -> { }, null))
                .isInstanceOf(NullPointerException.class).hasMessage("policy of service 's' must not be null");
    }

    @Test
    void configDefaultPolicy_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().defaultPolicy(null))
                .isInstanceOf(NullPointerException.class).hasMessage("defaultPolicy must not be null");
    }

    @Test
    void configHistorySize_zero_isRejected() {
        assertThatThrownBy(() -> Config.builder().historySize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("historySize must be from 1 to 10000, was 0");
    }

    @Test
    void configRandom_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().random(null))
                .isInstanceOf(NullPointerException.class).hasMessage("random must not be null");
    }

    @Test
    void configPolicies_holdOnlyTheServicesWithAPolicyOfTheirOwn() {
        Policy never = Policy.builder().restart(Restart.NEVER).build();
        Config config = Config.builder().service("a", c -> { }, never).service("b", c -> { }).build();
        assertThat(config.policies()).containsExactlyEntriesOf(Map.of("a", never));
    }
}
