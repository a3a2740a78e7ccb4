package supervisor.osgi;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * {@link Log} on the OSGi {@link Logger} Declarative Services injected, or, while there is no Log
 * Service, on {@link System.Logger} (as the engine logs). Thread-safe; never throws.
 */
final class OsgiLog implements Log {

    private static final System.Logger FALLBACK = System.getLogger("supervisor.osgi");

    private final Supplier<Logger> logger;

    /** @param logger reads the current OSGi logger, or null when there is none; called on each message */
    OsgiLog(Supplier<Logger> logger) {
        this.logger = logger;
    }

    @Override
    public void info(String message) {
        Logger current = logger.get();
        if (current != null) {
            current.info(message);
        } else {
            FALLBACK.log(Level.INFO, message);
        }
    }

    @Override
    public void warn(String message) {
        Logger current = logger.get();
        if (current != null) {
            current.warn(message);
        } else {
            FALLBACK.log(Level.WARNING, message);
        }
    }

    @Override
    public void error(String message) {
        Logger current = logger.get();
        if (current != null) {
            current.error(message);
        } else {
            FALLBACK.log(Level.ERROR, message);
        }
    }
}
