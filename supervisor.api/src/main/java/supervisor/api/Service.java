package supervisor.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Work that a {@link Supervisor} runs on a thread of its own and starts again whenever it ends.
 *
 * <p>A run that returns normally ends {@link Status#STOPPED}; one that throws an {@link Exception}
 * ends {@link Status#ERROR}; one that throws an {@link Error} (or any other throwable) ends
 * {@link Status#PANIC}. Nothing a run throws reaches the supervisor's own threads: the throwable is
 * kept on the {@link StatusUpdate} that reports the end of the run. A run that was cancelled and
 * ends by throwing {@link InterruptedException} is the usual way for blocking Java code to honour
 * cancellation, so it counts as {@link Status#STOPPED}.
 *
 * <p>A well-behaved service returns soon after its context is cancelled (see
 * {@link ServiceContext#isCancelled()}, {@link ServiceContext#awaitCancellation()} and
 * {@link ServiceContext#onCancel(Runnable)}); the supervisor also interrupts its thread.
 */
@ConsumerType
@FunctionalInterface
public interface Service {

    /**
     * Runs the service until it is done, fails, or is cancelled. Called on the service's own
     * thread, which is named after the service; the same instance may be run again after this
     * run ends, never twice at once.
     *
     * @param context this run's context; never null
     * @throws Exception to report a failure ({@link Status#ERROR})
     */
    void run(ServiceContext context) throws Exception;
}
