package supervisor.osgi;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * Where the adapter logs: the OSGi {@link Logger} Declarative Services injected, or, while there is
 * no Log Service, {@link System.Logger} (as the engine does). Thread-safe; never throws.
 */
final class Log {

    private static final System.Logger FALLBACK = System.getLogger("supervisor.osgi");

    private final Supplier<Logger> logger;

    /** @param logger reads the current OSGi logger, or null when there is none; called on each message */
    Log(Supplier<Logger> logger) {
        this.logger = logger;
    }

    void info(String message) {
        Logger current = logger.get();
        if (current != null) {
            current.info(message);
        } else {
            FALLBACK.log(Level.INFO, message);
        }
    }

    void warn(String message) {
        Logger current = logger.get();
        if (current != null) {
            current.warn(message);
        } else {
            FALLBACK.log(Level.WARNING, message);
        }
    }

    void error(String message) {
        Logger current = logger.get();
        if (current != null) {
            current.error(message);
        } else {
            FALLBACK.log(Level.ERROR, message);
        }
    }
}
