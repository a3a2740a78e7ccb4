package supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    private static final Service NOOP = context -> { };

    @Test
    void builder_withNothingSet_hasTheDocumentedDefaults() {
        Config config = Config.builder().build();
        assertThat(config.toString()).isEqualTo("Config[name=supervisor, services=[], listeners=0, "
                + "restartInterval=PT1S, shutdownTimeout=PT10S, listenerBacklog=1024, threadKind=PLATFORM, "
                + "defaultPolicy=Policy[], policies={}, historySize=10]");
    }

    @Test
    void builder_withNothingSet_hasNoSchedulerThreadFactoryListenerExecutorOrRandom() {
        Config config = Config.builder().build();
        assertThat(List.of(config.scheduler(), config.threadFactory(), config.listenerExecutor(), config.random()))
                .allMatch(Optional::isEmpty);
    }

    @Test
    void name_whenNotSet_isTheDefaultName() {
        assertThat(Config.builder().build().name()).isEqualTo(Config.DEFAULT_NAME).isEqualTo("supervisor");
    }

    @Test
    void name_whenSet_isKept() {
        assertThat(Config.builder().name("workers").build().name()).isEqualTo("workers");
    }

    @Test
    void name_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().name(null))
                .isInstanceOf(NullPointerException.class).hasMessage("supervisor name must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void name_emptyOrBlank_isRejected(String name) {
        assertThatThrownBy(() -> Config.builder().name(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("supervisor name must not be empty or blank, was '" + name + "'");
    }

    @Test
    void name_longerThan200Characters_isRejectedShowingItsStart() {
        assertThatThrownBy(() -> Config.builder().name("y".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("supervisor name must be at most 200 characters, was 201 ('" + "y".repeat(40) + "...')");
    }

    @Test
    void name_of200Characters_isAccepted() {
        assertThat(Config.builder().name("y".repeat(200)).build().name()).hasSize(200);
    }

    @Test
    void name_withControlCharacters_isRejectedWithThemMasked() {
        assertThatThrownBy(() -> Config.builder().name("a\u0000b\u001fc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("supervisor name must not contain control characters, was 'a?b?c'");
    }

    @Test
    void checkSupervisorName_valid_returnsTheName() {
        assertThat(Config.checkSupervisorName("db pool/1")).isEqualTo("db pool/1");
    }

    @Test
    void logger_null_isRejected_andByDefaultNoneIsSet() {
        assertThatThrownBy(() -> Config.builder().logger(null))
                .isInstanceOf(NullPointerException.class).hasMessage("logger must not be null");
        assertThat(Config.builder().build().logger()).isEmpty();
    }

    @Test
    void listenerExecutor_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().listenerExecutor(null))
                .isInstanceOf(NullPointerException.class).hasMessage("listenerExecutor must not be null");
    }

    @Test
    void listenerExecutor_whenSet_isKept() {
        Executor direct = Runnable::run;
        assertThat(Config.builder().listenerExecutor(direct).build().listenerExecutor()).containsSame(direct);
    }

    @Test
    void threadKind_whenNotSet_isPlatform() {
        assertThat(Config.builder().build().threadKind()).isEqualTo(ThreadKind.PLATFORM);
    }

    @Test
    void threadKind_virtualBeforeJava21_isRejectedSayingWhatToUse() {
        assumeThat(Runtime.version().feature()).as("a JVM without virtual threads").isLessThan(21);
        assertThatThrownBy(() -> Config.builder().threadKind(ThreadKind.VIRTUAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threadKind VIRTUAL needs Java 21 or later, this is Java "
                        + Runtime.version().feature() + "; use PLATFORM");
    }

    @Test
    void threadKind_virtualOnJava21OrLater_isKept() {
        assumeThat(Runtime.version().feature()).as("a JVM with virtual threads").isGreaterThanOrEqualTo(21);
        assertThat(Config.builder().threadKind(ThreadKind.VIRTUAL).build().threadKind()).isEqualTo(ThreadKind.VIRTUAL);
    }

    @Test
    void services_keepTheOrderTheyWereAddedIn() {
        Config config = Config.builder().service("b", NOOP).service("a", NOOP).service("c", NOOP).build();
        assertThat(config.services().keySet()).containsExactly("b", "a", "c");
    }

    @Test
    void services_ofABuiltConfig_areUnmodifiable() {
        Config config = Config.builder().service("a", NOOP).build();
        assertThatThrownBy(() -> config.services().put("d", NOOP)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void build_thenChangingTheBuilder_leavesTheBuiltConfigAsItWas() {
        Config.Builder builder = Config.builder().service("a", NOOP);
        Config config = builder.build();
        builder.service("b", NOOP).listener(event -> { }).name("other");
        assertThat(config.toString()).startsWith("Config[name=supervisor, services=[a], listeners=0,");
    }

    @Test
    void toBuilder_copiesEverySetting() {
        Config config = Config.builder().name("workers").service("a", NOOP).restartInterval(Duration.ofMillis(5))
                .shutdownTimeout(Duration.ofSeconds(3)).listenerBacklog(7).historySize(4)
                .defaultPolicy(Policy.builder().restart(Restart.NEVER).build()).build();
        assertThat(config.toBuilder().build().toString()).isEqualTo(config.toString())
                .isEqualTo("Config[name=workers, services=[a], listeners=0, restartInterval=PT0.005S, "
                        + "shutdownTimeout=PT3S, listenerBacklog=7, threadKind=PLATFORM, "
                        + "defaultPolicy=Policy[restart=NEVER], policies={}, historySize=4]");
    }

    @Test
    void toBuilder_copiesTheListenerExecutor() {
        Executor direct = Runnable::run;
        Config config = Config.builder().listenerExecutor(direct).build();
        assertThat(config.toBuilder().build().listenerExecutor()).containsSame(direct);
    }

    @Test
    void service_null_isRejectedNamingIt() {
        assertThatThrownBy(() -> Config.builder().service("worker", null))
                .isInstanceOf(NullPointerException.class).hasMessage("service 'worker' must not be null");
    }

    @Test
    void serviceName_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().service(null, NOOP))
                .isInstanceOf(NullPointerException.class).hasMessage("service name must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void serviceName_emptyOrBlank_isRejected(String name) {
        assertThatThrownBy(() -> Config.builder().service(name, NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name must not be empty or blank, was '" + name + "'");
    }

    @Test
    void serviceName_withControlCharacters_isRejectedWithThemMasked() {
        assertThatThrownBy(() -> Config.builder().service("a\nb", NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name must not contain control characters, was 'a?b'");
    }

    @Test
    void serviceName_longerThan200Characters_isRejectedShowingItsStart() {
        assertThatThrownBy(() -> Config.builder().service("x".repeat(201), NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name must be at most 200 characters, was 201 ('" + "x".repeat(40) + "...')");
    }

    @Test
    void serviceName_taken_isRejected() {
        assertThatThrownBy(() -> Config.builder().service("twice", NOOP).service("twice", NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate service name 'twice': names must be unique");
    }

    @Test
    void listener_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().listener(null))
                .isInstanceOf(NullPointerException.class).hasMessage("listener must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-0.005S", "PT0.000999999S", "PT48H"})
    void restartInterval_outOfRange_isRejectedNamingTheValueAndTheRange(String text) {
        Duration bad = Duration.parse(text);
        assertThatThrownBy(() -> Config.builder().restartInterval(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("restartInterval must be from PT0.001S to PT24H, was " + bad);
    }

    @Test
    void restartInterval_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().restartInterval(null))
                .isInstanceOf(NullPointerException.class).hasMessage("restartInterval must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0.001S", "PT24H"})
    void restartInterval_atTheBounds_isAccepted(String text) {
        Duration bound = Duration.parse(text);
        assertThat(Config.builder().restartInterval(bound).build().restartInterval()).isEqualTo(bound);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-1S", "PT2H"})
    void shutdownTimeout_outOfRange_isRejectedNamingTheValueAndTheRange(String text) {
        Duration bad = Duration.parse(text);
        assertThatThrownBy(() -> Config.builder().shutdownTimeout(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shutdownTimeout must be from PT0.001S to PT1H, was " + bad);
    }

    @Test
    void shutdownTimeout_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().shutdownTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("shutdownTimeout must not be null");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3, 1_048_577})
    void listenerBacklog_outOfRange_isRejected(int backlog) {
        assertThatThrownBy(() -> Config.builder().listenerBacklog(backlog))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listenerBacklog must be from 1 to 1048576, was " + backlog);
    }

    @Test
    void scheduler_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().scheduler(null))
                .isInstanceOf(NullPointerException.class).hasMessage("scheduler must not be null");
    }

    @Test
    void threadKind_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().threadKind(null))
                .isInstanceOf(NullPointerException.class).hasMessage("threadKind must not be null");
    }

    @Test
    void threadFactory_null_isRejected() {
        assertThatThrownBy(() -> Config.builder().threadFactory(null))
                .isInstanceOf(NullPointerException.class).hasMessage("threadFactory must not be null");
    }
}
