package supervisor.core;

import java.util.ResourceBundle;

/**
 * Where one supervisor's own log lines go ({@link supervisor.api.Config#logger()}), each starting
 * with the supervisor's name. A {@link System.Logger} itself, so that logging back ends that find
 * the caller by walking the stack (java.util.logging does) skip it and name the engine class that
 * logged. Thread-safe.
 */
final class EngineLog implements System.Logger {

    private final String prefix;
    private final System.Logger logger;

    EngineLog(String supervisor, System.Logger logger) {
        this.prefix = "supervisor '" + supervisor + "': ";
        this.logger = logger;
    }

    @Override
    public String getName() {
        return logger.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return logger.isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        logger.log(level, bundle, prefix + message, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
        logger.log(level, bundle, prefix + format, parameters);
    }
}
