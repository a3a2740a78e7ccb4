package supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PolicyTest {

    @Test
    void inherit_setsNothing() {
        assertThat(Policy.INHERIT.restart()).isEmpty();
        assertThat(Policy.INHERIT.minDelay()).isEmpty();
        assertThat(Policy.INHERIT.multiplier()).isEmpty();
        assertThat(Policy.INHERIT.maxRestarts()).isEmpty();
        assertThat(Policy.INHERIT).hasToString("Policy[]");
    }

    @Test
    void orElse_takesOwnSettingsFirst_andTheRestFromTheDefaults() {
        Policy own = Policy.builder().restart(Restart.NEVER).jitter(0.1).build();
        Policy defaults = Policy.builder().restart(Restart.ALWAYS).fixedDelay(Duration.ofSeconds(2))
                .intensity(5, Duration.ofSeconds(30)).escalate(true).build();
        assertThat(own.orElse(defaults)).hasToString("Policy[restart=NEVER, minDelay=PT2S, maxDelay=PT2S, jitter=0.1, "
                + "maxRestarts=5, window=PT30S, escalate=true]");
    }

    @Test
    void orElse_takesTheRestartLimitAndItsWindowTogether() {
        Policy own = Policy.builder().intensity(2, Duration.ofSeconds(1)).build();
        Policy defaults = Policy.builder().intensity(9, Duration.ofHours(1)).build();
        assertThat(own.orElse(defaults).maxRestarts()).hasValue(2);
        assertThat(own.orElse(defaults).window()).contains(Duration.ofSeconds(1));
    }

    @Test
    void noRestartLimit_overridesADefaultLimit() {
        Policy defaults = Policy.builder().intensity(3, Duration.ofMinutes(1)).build();
        Policy own = Policy.builder().noRestartLimit().build();
        assertThat(own.orElse(defaults).maxRestarts()).hasValue(0);
        assertThat(own.orElse(defaults).window()).isEmpty();
        assertThat(own).hasToString("Policy[maxRestarts=0]");
    }

    @Test
    void equalPolicies_areEqual() {
        assertThat(Policy.builder().jitter(0.2).build()).isEqualTo(Policy.builder().jitter(0.2).build())
                .hasSameHashCodeAs(Policy.builder().jitter(0.2).build())
                .isNotEqualTo(Policy.builder().jitter(0.3).build());
        assertThat(Policy.builder().jitter(0.2).build().toBuilder().build()).isEqualTo(Policy.builder().jitter(0.2).build());
    }

    @Test
    void badValues_areRejectedNamingTheValueAndTheRange() {
        assertThatThrownBy(() -> Policy.builder().fixedDelay(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delay must be from PT0.001S to PT24H, was PT0S");
        assertThatThrownBy(() -> Policy.builder().backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDelay must not be below minDelay PT5S, was PT1S");
        assertThatThrownBy(() -> Policy.builder().multiplier(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("multiplier must be from 1.0 to 100.0, was 0.5");
        assertThatThrownBy(() -> Policy.builder().multiplier(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("multiplier must be from 1.0 to 100.0, was NaN");
        assertThatThrownBy(() -> Policy.builder().jitter(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be from 0 to below 1, was 1.0");
        assertThatThrownBy(() -> Policy.builder().jitter(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be from 0 to below 1, was -0.1");
        assertThatThrownBy(() -> Policy.builder().intensity(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRestarts must be from 1 to 1000000, was 0");
        assertThatThrownBy(() -> Policy.builder().intensity(3, Duration.ofDays(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be from PT0.001S to PT24H, was PT72H");
        assertThatThrownBy(() -> Policy.builder().resetAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("resetAfter must be from PT0.001S to PT24H, was PT-1S");
        assertThatThrownBy(() -> Policy.builder().restart(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("restart must not be null");
    }

    @Test
    void config_rejectsANullPolicyOrBadHistorySize() {
        assertThatThrownBy(() -> Config.builder().service("s", c -> { }, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("policy of service 's' must not be null");
        assertThatThrownBy(() -> Config.builder().defaultPolicy(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("defaultPolicy must not be null");
        assertThatThrownBy(() -> Config.builder().historySize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("historySize must be from 1 to 10000, was 0");
        assertThatThrownBy(() -> Config.builder().random(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("random must not be null");
    }

    @Test
    void config_keepsPerServicePolicies() {
        Policy never = Policy.builder().restart(Restart.NEVER).build();
        Config config = Config.builder().service("a", c -> { }, never).service("b", c -> { }).build();
        assertThat(config.policies()).containsOnlyKeys("a").containsEntry("a", never);
    }
}
