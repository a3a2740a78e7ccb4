package supervisor.healthcheck;

/** How healthy something is, from best to worst; the order is the order of severity. */
public enum Level {
    /** Every service runs, or is starting. */
    OK,
    /** Something waits: a restart, a hand that stopped it, a start. */
    WARN,
    /** Something is lost: a service gave up or failed for good, or the supervisor ended. */
    CRITICAL;

    /** The worse of this level and {@code other}. */
    public Level worst(Level other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
