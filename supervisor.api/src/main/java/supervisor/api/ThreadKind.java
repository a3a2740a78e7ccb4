package supervisor.api;

/** Which kind of thread runs each service. */
public enum ThreadKind {
    /** Virtual threads where the JVM has them (Java 21 and later), platform threads elsewhere. */
    AUTO,
    /** Virtual threads; a {@link Config} asking for them on a JVM without them is rejected. */
    VIRTUAL,
    /** Platform (daemon) threads. */
    PLATFORM;

    /** Whether this JVM has virtual threads (Java 21 and later). */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }
}
