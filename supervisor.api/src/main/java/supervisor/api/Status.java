package supervisor.api;

/**
 * Where a service is in its run. Each run goes {@link #IDLE} → {@link #RUNNING} → one of
 * {@link #STOPPED}, {@link #ERROR} or {@link #PANIC}; a service whose restart limit was exceeded
 * ends in {@link #GAVE_UP}.
 */
public enum Status {
    /** A run has been scheduled and its thread is being started. */
    IDLE,
    /** The service's {@link Service#run} is executing. */
    RUNNING,
    /** The run returned normally (or, when cancelled, threw {@link InterruptedException}). */
    STOPPED,
    /** The run threw an {@link Exception}. */
    ERROR,
    /** The run threw an {@link Error} or another throwable that is not an {@link Exception}. */
    PANIC,
    /**
     * The supervisor gave up on the service: it ended more often within its policy's window than
     * the policy tolerates (the update's detail says how often). It is not restarted unless
     * started by hand.
     */
    GAVE_UP;

    /** Whether a run is scheduled or executing: true for {@link #IDLE} and {@link #RUNNING}. */
    public boolean isAlive() {
        return this == IDLE || this == RUNNING;
    }

    /**
     * Whether this is a failure: the run threw ({@link #ERROR}, {@link #PANIC}) or the supervisor
     * gave up on the service ({@link #GAVE_UP}).
     */
    public boolean isFailure() {
        return this == ERROR || this == PANIC || this == GAVE_UP;
    }
}
