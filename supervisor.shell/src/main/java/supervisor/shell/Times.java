package supervisor.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How the shell writes a moment: relative to {@code now} ({@code 12s ago}, {@code in 3s},
 * {@code 4m05s ago}) or absolute (ISO-8601 in UTC, to the millisecond). A missing moment is
 * {@code -}. Immutable; {@code now} is given, so output is a pure function of its inputs.
 */
final class Times {

    /** What a missing moment is written as. */
    static final String NONE = "-";

    private final Instant now;
    private final boolean absolute;

    /**
     * @param now the moment relative times are measured from
     * @param absolute whether to write ISO-8601 moments instead of relative ones
     */
    Times(Instant now, boolean absolute) {
        this.now = Objects.requireNonNull(now, "now");
        this.absolute = absolute;
    }

    /** The moment as this format writes it; {@value #NONE} for null. */
    String format(Instant moment) {
        if (moment == null) {
            return NONE;
        }
        if (absolute) {
            return absolute(moment);
        }
        Duration between = Duration.between(now, moment);
        return between.isNegative() ? span(between.negated()) + " ago" : "in " + span(between);
    }

    /** ISO-8601 in UTC, truncated to the millisecond: {@code 2026-12-01T20:30:16.123Z}. */
    static String absolute(Instant moment) {
        return moment.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * A non-negative span in its two largest units: {@code 250ms}, {@code 12s}, {@code 4m05s},
     * {@code 3h07m}, {@code 2d05h}. Below a second in milliseconds, so a short restart delay does not
     * read as zero.
     */
    static String span(Duration span) {
        long millis = span.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        long seconds = span.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh%02dm", seconds / 3_600, seconds % 3_600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3_600);
    }
}
