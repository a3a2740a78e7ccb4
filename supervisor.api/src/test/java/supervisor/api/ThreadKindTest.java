package supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.Test;

class ThreadKindTest {

    @Test
    void values_arePlatformAndVirtualOnly() {
        assertThat(ThreadKind.values()).containsExactly(ThreadKind.PLATFORM, ThreadKind.VIRTUAL);
    }

    @Test
    void virtualThreadsAvailable_isTrueFromJava21On() {
        assertThat(ThreadKind.virtualThreadsAvailable()).isEqualTo(Runtime.version().feature() >= 21);
    }

    @Test
    void check_platform_returnsIt() {
        assertThat(ThreadKind.check(ThreadKind.PLATFORM)).isEqualTo(ThreadKind.PLATFORM);
    }

    @Test
    void check_virtualOnJava21OrLater_returnsIt() {
        assumeThat(Runtime.version().feature()).as("a JVM with virtual threads").isGreaterThanOrEqualTo(21);
        assertThat(ThreadKind.check(ThreadKind.VIRTUAL)).isEqualTo(ThreadKind.VIRTUAL);
    }

    @Test
    void check_virtualBeforeJava21_isRejectedSayingWhatToUse() {
        assumeThat(Runtime.version().feature()).as("a JVM without virtual threads").isLessThan(21);
        assertThatThrownBy(() -> ThreadKind.check(ThreadKind.VIRTUAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threadKind VIRTUAL needs Java 21 or later, this is Java "
                        + Runtime.version().feature() + "; use PLATFORM");
    }

    @Test
    void check_null_isRejected() {
        assertThatThrownBy(() -> ThreadKind.check(null))
                .isInstanceOf(NullPointerException.class).hasMessage("threadKind must not be null");
    }
}
