package supervisor.api;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What one run of a {@link Service} knows of its supervision. Each run gets a context of its own;
 * once cancelled, a context stays cancelled. All methods are thread-safe.
 */
@ProviderType
public interface ServiceContext {

    /** The id the supervisor gave the service: unique within one supervisor, never reused. */
    long id();

    /** The service's name, as configured; never null or empty. */
    String name();

    /**
     * Whether this run has been asked to end: the supervisor is shutting down, or the service is
     * being removed or stopped. The supervisor also interrupts the service's thread.
     */
    boolean isCancelled();

    /**
     * Blocks until this run is cancelled. Once the run is cancelled this returns normally, even if
     * the interrupt that comes with cancellation arrived first (the thread's interrupt status then
     * stays set), so code after it runs reliably.
     *
     * @throws InterruptedException if the thread is interrupted while the run is not cancelled
     */
    void awaitCancellation() throws InterruptedException;

    /**
     * Blocks until this run is cancelled or the timeout elapses, by the real clock.
     *
     * @param timeout how long to wait at most; not null
     * @return true if cancelled (as for {@link #awaitCancellation()}, even if the interrupt came
     *     first), false if the timeout elapsed first
     * @throws InterruptedException if the thread is interrupted while the run is not cancelled
     */
    boolean awaitCancellation(Duration timeout) throws InterruptedException;

    /**
     * Registers an action to run once when this run is cancelled, for instance closing a socket that
     * a blocked read waits on. It runs on the thread that cancels the run, or at once on the calling
     * thread if the run is already cancelled; keep it short and non-blocking. A throwable it throws
     * is logged and does not stop other actions.
     *
     * @param action what to do; not null
     * @return a handle whose {@link Cancellable#cancel()} unregisters the action
     */
    Cancellable onCancel(Runnable action);

    /** A logger named after the service. */
    System.Logger logger();
}
