package supervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that keeps its lines in memory instead of handing them to
 * java.util.logging: the model checker then explores the engine, not the logging framework, and
 * long runs do not fill the test output. Thread-safe.
 */
final class QuietLogger implements System.Logger {

    private final List<String> lines = new ArrayList<>(); // guarded by itself
    private long count;

    @Override
    public String getName() {
        return "quiet";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        keep(level + " " + message + (thrown == null ? "" : " (" + thrown + ")"));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
        keep(level + " " + format);
    }

    private void keep(String line) {
        synchronized (lines) {
            count++;
            if (lines.size() < 100) {
                lines.add(line);
            }
        }
    }

    /** How many lines were logged. */
    long count() {
        synchronized (lines) {
            return count;
        }
    }

    /** The first hundred lines. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
