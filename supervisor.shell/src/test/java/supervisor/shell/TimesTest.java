package supervisor.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Times relative = new Times(NOW, false);

    @Test
    void format_past_isAgo() {
        assertThat(relative.format(NOW.minusSeconds(12))).isEqualTo("12s ago");
    }

    @Test
    void format_future_isIn() {
        assertThat(relative.format(NOW.plusSeconds(3))).isEqualTo("in 3s");
    }

    @Test
    void format_now_isInZeroMilliseconds() {
        assertThat(relative.format(NOW)).isEqualTo("in 0ms");
    }

    @Test
    void format_null_isDash() {
        assertThat(relative.format(null)).isEqualTo("-");
    }

    @Test
    void format_absolute_isIsoToTheMillisecond() {
        assertThat(new Times(NOW, true).format(NOW.plusNanos(123_456_789))).isEqualTo("2026-12-01T12:00:00.123Z");
    }

    @Test
    void span_belowASecond_isMilliseconds() {
        assertThat(Times.span(Duration.ofMillis(250))).isEqualTo("250ms");
    }

    @Test
    void span_minutes_isMinutesAndPaddedSeconds() {
        assertThat(Times.span(Duration.ofSeconds(245))).isEqualTo("4m05s");
    }

    @Test
    void span_hours_isHoursAndPaddedMinutes() {
        assertThat(Times.span(Duration.ofMinutes(187).plusSeconds(59))).isEqualTo("3h07m");
    }

    @Test
    void span_days_isDaysAndPaddedHours() {
        assertThat(Times.span(Duration.ofHours(53))).isEqualTo("2d05h");
    }
}
