package supervisor.osgi;

/**
 * Where the adapter logs. The Declarative Services shell writes to the OSGi Log Service when there
 * is one ({@link OsgiLog}); unit tests record. Implementations are thread-safe and never throw.
 */
interface Log {

    void info(String message);

    void warn(String message);

    void error(String message);
}
