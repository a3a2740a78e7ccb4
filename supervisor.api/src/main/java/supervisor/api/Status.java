package supervisor.api;

/**
 * Where a service is in its run. Each run goes {@link #IDLE} → {@link #RUNNING} → one of
 * {@link #STOPPED}, {@link #ERROR} or {@link #PANIC}.
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
    PANIC;

    /** Whether a run is scheduled or executing: true for {@link #IDLE} and {@link #RUNNING}. */
    public boolean isAlive() {
        return this == IDLE || this == RUNNING;
    }

    /** Whether the run ended by throwing: true for {@link #ERROR} and {@link #PANIC}. */
    public boolean isFailure() {
        return this == ERROR || this == PANIC;
    }
}
