package supervisor.healthcheck;

import java.util.List;
import java.util.Objects;

/**
 * What {@link HealthRules} says about one supervisor: its level and the lines that explain it,
 * one per service that is not RUNNING, then one summary line. Immutable.
 *
 * @param level the worst level of any line
 * @param lines the lines, in order: services by id, then the summary
 */
public record Verdict(Level level, List<Line> lines) {

    /**
     * One line of a verdict.
     *
     * @param level how healthy the thing it names is
     * @param text what it says
     */
    public record Line(Level level, String text) {

        /** Checks that nothing is null. */
        public Line {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Copies the lines; checks that the level is the worst of theirs. */
    public Verdict {
        Objects.requireNonNull(level, "level");
        lines = List.copyOf(lines);
        Level worst = lines.stream().map(Line::level).reduce(Level.OK, Level::worst);
        if (worst != level) {
            throw new IllegalArgumentException("level " + level + " is not the worst level of the lines, " + worst);
        }
    }
}
