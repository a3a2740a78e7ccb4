package supervisor.api;

/**
 * Why a {@link StatusUpdate} happened: what started a run, or what ended it and what the supervisor
 * decided next. Tests and tools match on this; {@link StatusUpdate#detail()} renders it in words.
 *
 * <p>A run's {@link Status#IDLE} and {@link Status#RUNNING} updates carry the reason the run was
 * started ({@link #STARTED}, {@link #RESTART_DUE}, {@link #STARTED_BY_REQUEST},
 * {@link #RESTARTED_BY_REQUEST}). The update that ends a run says what follows it: a restart by its
 * policy ({@link #RETURNED}, {@link #FAILED}, {@link #PANICKED}, with
 * {@link StatusUpdate#nextRestart()} set), nothing by its policy ({@link #RESTART_POLICY}), or an
 * outside cause ({@link #STOPPED_BY_REQUEST}, {@link #RESTARTED_BY_REQUEST}, {@link #REMOVED},
 * {@link #SHUTTING_DOWN}, {@link #SCHEDULER_FAILED}), or that the service is given up
 * ({@link #GAVE_UP}: the end of the run, then the {@link Status#GAVE_UP} update, both carry it). A
 * service stopped by hand before the supervisor started enters the snapshot at the start as
 * {@link Status#STOPPED} with {@link #STOPPED_BY_REQUEST}.
 */
public enum Reason {
    /** The first run of a service: the supervisor started, or the service was added to a running one. */
    STARTED,
    /** A restart that the service's policy scheduled fell due. */
    RESTART_DUE,
    /** {@link SupervisorRuntime#start(String)} started the service. */
    STARTED_BY_REQUEST,
    /**
     * {@link SupervisorRuntime#restart(String)}: on the end of the run it cancelled, and on the runs it
     * started.
     */
    RESTARTED_BY_REQUEST,
    /** The run returned ({@link Status#STOPPED}) and its policy restarts it. */
    RETURNED,
    /** The run threw an {@link Exception} ({@link Status#ERROR}) and its policy restarts it. */
    FAILED,
    /** The run threw an {@link Error} or another throwable ({@link Status#PANIC}) and its policy restarts it. */
    PANICKED,
    /** The run ended and its {@link Restart} policy does not restart it. */
    RESTART_POLICY,
    /** The service ended more often within its policy's window than the policy tolerates. */
    GAVE_UP,
    /** {@link SupervisorRuntime#stop(String)}: the run it cancelled ended, or the restart it called off. */
    STOPPED_BY_REQUEST,
    /** The service was removed: its last run ended. */
    REMOVED,
    /** The supervisor is shutting down: the run it cancelled ended, or the restart it called off. */
    SHUTTING_DOWN,
    /** The run ended and its restart could not be scheduled, because the scheduler failed. */
    SCHEDULER_FAILED;

    /** The reason an ended run's own policy restarts it after: {@link #RETURNED}, {@link #FAILED} or {@link #PANICKED}. */
    public static Reason restartedAfter(Status ended) {
        switch (ended) {
            case STOPPED:
                return RETURNED;
            case ERROR:
                return FAILED;
            case PANIC:
                return PANICKED;
            default:
                throw new IllegalArgumentException("not the status of an ended run: " + ended);
        }
    }
}
