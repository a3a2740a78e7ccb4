package supervisor.core;

import java.lang.System.Logger.Level;

/**
 * Where one supervisor's own log lines go ({@link supervisor.api.Config#logger()}), each starting
 * with the supervisor's name. Thread-safe; never called under the engine's lock for anything but
 * the logger's own, non-blocking work.
 */
final class EngineLog {

    private final String prefix;
    private final System.Logger logger;

    EngineLog(String supervisor, System.Logger logger) {
        this.prefix = "supervisor '" + supervisor + "': ";
        this.logger = logger;
    }

    void log(Level level, String message) {
        logger.log(level, prefix + message);
    }

    void log(Level level, String message, Throwable thrown) {
        logger.log(level, prefix + message, thrown);
    }
}
