package supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    private static final Service NOOP = context -> { };

    @Test
    void builder_withNothingSet_hasTheDocumentedDefaults() {
        Config config = Config.builder().build();
        assertThat(config.services()).isEmpty();
        assertThat(config.listeners()).isEmpty();
        assertThat(config.restartInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.listenerBacklog()).isEqualTo(1024);
        assertThat(config.scheduler()).isEmpty();
        assertThat(config.threadKind()).isEqualTo(ThreadKind.AUTO);
        assertThat(config.threadFactory()).isEmpty();
    }

    @Test
    void services_keepTheOrderTheyWereAddedIn_andAreUnmodifiable() {
        Config config = Config.builder().service("b", NOOP).service("a", NOOP).service("c", NOOP).build();
        assertThat(config.services().keySet()).containsExactly("b", "a", "c");
        assertThatThrownBy(() -> config.services().put("d", NOOP)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aBuiltConfig_doesNotChangeWhenItsBuilderDoes() {
        Config.Builder builder = Config.builder().service("a", NOOP);
        Config config = builder.build();
        builder.service("b", NOOP).listener(event -> { });
        assertThat(config.services()).containsOnlyKeys("a");
        assertThat(config.listeners()).isEmpty();
    }

    @Test
    void toBuilder_copiesEverything() {
        Config config = Config.builder().service("a", NOOP).restartInterval(Duration.ofMillis(5))
                .shutdownTimeout(Duration.ofSeconds(3)).listenerBacklog(7).threadKind(ThreadKind.PLATFORM).build();
        Config copy = config.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(config.toString())
                .isEqualTo("Config[services=[a], listeners=0, restartInterval=PT0.005S, shutdownTimeout=PT3S, "
                        + "listenerBacklog=7, threadKind=PLATFORM, defaultPolicy=Policy[], policies={}, historySize=10]");
    }

    @Test
    void aNullService_isRejectedNamingIt() {
        assertThatThrownBy(() -> Config.builder().service("worker", null))
                .isInstanceOf(NullPointerException.class).hasMessage("service 'worker' must not be null");
    }

    @Test
    void aNullName_isRejected() {
        assertThatThrownBy(() -> Config.builder().service(null, NOOP))
                .isInstanceOf(NullPointerException.class).hasMessage("service name must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void anEmptyOrBlankName_isRejected(String name) {
        assertThatThrownBy(() -> Config.builder().service(name, NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name must not be empty or blank, was '" + name + "'");
    }

    @Test
    void aNameWithControlCharacters_isRejected() {
        assertThatThrownBy(() -> Config.builder().service("a\nb", NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name must not contain control characters, was 'a?b'");
    }

    @Test
    void anOverlongName_isRejected() {
        assertThatThrownBy(() -> Config.builder().service("x".repeat(201), NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("service name must be at most 200 characters, was 201");
    }

    @Test
    void aDuplicateName_isRejected() {
        assertThatThrownBy(() -> Config.builder().service("twice", NOOP).service("twice", NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate service name 'twice': names must be unique");
    }

    @Test
    void aNullListener_isRejected() {
        assertThatThrownBy(() -> Config.builder().listener(null))
                .isInstanceOf(NullPointerException.class).hasMessage("listener must not be null");
    }

    @Test
    void restartInterval_outOfRange_isRejectedNamingTheValueAndTheRange() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-5), Duration.ofNanos(999_999), Duration.ofDays(2))) {
            assertThatThrownBy(() -> Config.builder().restartInterval(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("restartInterval must be from PT0.001S to PT24H, was " + bad);
        }
        assertThatThrownBy(() -> Config.builder().restartInterval(null))
                .isInstanceOf(NullPointerException.class).hasMessage("restartInterval must not be null");
    }

    @Test
    void restartInterval_atTheBounds_isAccepted() {
        assertThat(Config.builder().restartInterval(Duration.ofMillis(1)).build().restartInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(Config.builder().restartInterval(Duration.ofDays(1)).build().restartInterval()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shutdownTimeout_outOfRange_isRejectedNamingTheValueAndTheRange() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofHours(2))) {
            assertThatThrownBy(() -> Config.builder().shutdownTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("shutdownTimeout must be from PT0.001S to PT1H, was " + bad);
        }
        assertThatThrownBy(() -> Config.builder().shutdownTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("shutdownTimeout must not be null");
    }

    @Test
    void listenerBacklog_outOfRange_isRejected() {
        assertThatThrownBy(() -> Config.builder().listenerBacklog(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("listenerBacklog must be from 1 to 1048576, was 0");
        assertThatThrownBy(() -> Config.builder().listenerBacklog(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("listenerBacklog must be from 1 to 1048576, was -3");
    }

    @Test
    void nullSchedulerThreadKindOrFactory_areRejected() {
        assertThatThrownBy(() -> Config.builder().scheduler(null)).hasMessage("scheduler must not be null");
        assertThatThrownBy(() -> Config.builder().threadKind(null)).hasMessage("threadKind must not be null");
        assertThatThrownBy(() -> Config.builder().threadFactory(null)).hasMessage("threadFactory must not be null");
    }

    @Test
    void virtualThreads_areRejectedOnlyWhereTheJvmHasNone() {
        if (Runtime.version().feature() >= 21) {
            assertThat(Config.builder().threadKind(ThreadKind.VIRTUAL).build().threadKind()).isEqualTo(ThreadKind.VIRTUAL);
        } else {
            assertThatThrownBy(() -> Config.builder().threadKind(ThreadKind.VIRTUAL))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("threadKind VIRTUAL needs Java 21 or later, this is Java "
                            + Runtime.version().feature() + "; use AUTO or PLATFORM");
        }
    }
}
