package supervisor.api;

/**
 * Which kind of thread runs a service: set for a whole supervisor ({@link Config#threadKind()}) and
 * per service ({@link Policy#threadKind()}).
 *
 * <p>The default is {@link #PLATFORM}: the operating system preempts platform threads, so a service
 * that spins on the CPU without ever blocking cannot hold up other services. Virtual threads are not
 * preempted: as many CPU-bound virtual threads as there are carrier threads (one per core by
 * default) stop every other virtual thread of the JVM. Choose {@link #VIRTUAL} for services that
 * block (I/O, queues, sleeps) when there are many of them; the supervisor's own work (timers,
 * deadlines, listener calls) never runs on virtual threads, so it is not held up either way.
 */
public enum ThreadKind {
    /** Platform (daemon) threads: preempted by the operating system. The default. */
    PLATFORM,
    /**
     * Virtual threads (Java 21 and later): cheap by the hundred thousand, but not preempted. A
     * {@link Config} or {@link Policy} asking for them on an older JVM is rejected.
     */
    VIRTUAL;

    /** Whether this JVM has virtual threads (Java 21 and later). */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    /**
     * Checks that this JVM can make threads of {@code kind}.
     *
     * @return the kind
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is {@link #VIRTUAL} on a JVM older than Java 21
     */
    public static ThreadKind check(ThreadKind kind) {
        if (kind == null) {
            throw new NullPointerException("threadKind must not be null");
        }
        if (kind == VIRTUAL && !virtualThreadsAvailable()) {
            throw new IllegalArgumentException("threadKind VIRTUAL needs Java 21 or later, this is Java "
                    + Runtime.version().feature() + "; use PLATFORM");
        }
        return kind;
    }
}
