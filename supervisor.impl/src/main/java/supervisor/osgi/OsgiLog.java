package supervisor.osgi;

import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * Log lines to the OSGi {@link Logger} that Declarative Services injected, or, while there is no
 * Log Service, to {@link System.Logger} {@code fallback}. It is the adapter's {@link Log}, and, as
 * a {@link System.Logger}, the engine's ({@code Config.logger}), so a supervisor's own lines, which
 * start with its name, reach the Log Service too. Thread-safe; never throws.
 */
final class OsgiLog implements Log, System.Logger {

    private final Supplier<Logger> logger;
    private final System.Logger fallback;

    /**
     * @param logger reads the current OSGi logger, or null when there is none; called on each line
     * @param fallback the name of the {@link System.Logger} to use while there is none
     */
    OsgiLog(Supplier<Logger> logger, String fallback) {
        this.logger = logger;
        this.fallback = System.getLogger(fallback);
    }

    @Override
    public void info(String message) {
        log(Level.INFO, message);
    }

    @Override
    public void warn(String message) {
        log(Level.WARNING, message);
    }

    @Override
    public void error(String message) {
        log(Level.ERROR, message);
    }

    @Override
    public String getName() {
        return fallback.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        Logger current = logger.get();
        if (current == null) {
            fallback.log(level, bundle, message, thrown);
            return;
        }
        // "{}" with the message as its argument: braces in a message are never taken for placeholders
        Object[] arguments = thrown == null ? new Object[] {message} : new Object[] {message, thrown};
        switch (level) {
            case ERROR -> current.error("{}", arguments);
            case WARNING -> current.warn("{}", arguments);
            case INFO -> current.info("{}", arguments);
            case DEBUG -> current.debug("{}", arguments);
            case TRACE, ALL -> current.trace("{}", arguments);
            case OFF -> { }
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
        log(level, bundle, parameters == null || parameters.length == 0 ? format
                : java.text.MessageFormat.format(format, parameters), (Throwable) null);
    }
}
