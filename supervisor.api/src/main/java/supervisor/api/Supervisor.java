package supervisor.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A running set of services, each on a thread of its own, restarted whenever a run ends.
 *
 * <p>Lifecycle: a supervisor is created idle; {@link #start()} (or {@link #run()}) starts every
 * service; {@link #cancel()} or {@link #close()} cancels every service, waits for them up to the
 * shutdown timeout, and ends the supervisor with a {@link RunResult}. A supervisor runs once.
 *
 * <p>All methods are thread-safe. Only {@link #run()}, {@link #close()}, {@link #remove(String)},
 * {@link #stop(String)} and {@link #removeListener(StatusListener)} block, each bounded by the
 * shutdown timeout (for {@code run} and {@code close}, plus the time listeners take for their last
 * events). Called from the thread of the very service they act on, {@code remove} and {@code stop}
 * only cancel it and return true: its run ends when its {@link Service#run} returns.
 */
@ProviderType
public interface Supervisor extends AutoCloseable {

    /**
     * Starts every service in the background and returns at once.
     *
     * @throws IllegalStateException if the supervisor was started before
     */
    void start();

    /**
     * Starts the supervisor if it was not started, then blocks until it has ended, as after
     * {@link #cancel()} from a service or a listener. If the calling thread is interrupted, the
     * supervisor is cancelled, this still waits for it to end, and the interrupt status is set
     * again before returning.
     *
     * @return how the run ended
     * @throws IllegalStateException if called on a thread of this supervisor's own services or
     *     listeners, where it would wait for itself
     */
    RunResult run();

    /**
     * Asks the supervisor to end: no more restarts, every service cancelled. Returns at once; safe
     * to call from any thread, services and listeners included, and more than once.
     */
    void cancel();

    /**
     * Cancels the supervisor and waits until it has ended. From a thread of one of its own services
     * this only cancels, since waiting there could never finish.
     */
    @Override
    void close();

    /** Completes with the result when the supervisor has ended, after every listener has received its last event. */
    CompletionStage<RunResult> termination();

    /**
     * Adds a service and, if the supervisor is running, starts it.
     *
     * @return the id given to the service
     * @throws NullPointerException if the name or the service is null
     * @throws IllegalArgumentException if the name is invalid or already taken
     * @throws IllegalStateException if the supervisor is shutting down or has ended
     */
    long add(String name, Service service);

    /**
     * Adds a service with a policy of its own and, if the supervisor is running, starts it.
     *
     * @return the id given to the service
     * @throws NullPointerException if the name, the service or the policy is null
     * @throws IllegalArgumentException if the name is invalid or already taken
     * @throws IllegalStateException if the supervisor is shutting down or has ended
     */
    long add(String name, Service service, Policy policy);

    /**
     * Stops a service by hand: calls off a pending restart, cancels its run and waits for it to
     * end, at most the shutdown timeout. It stays stopped, whatever its policy, until
     * {@link #start(String)} or {@link #restart(String)}.
     *
     * @return true if no run of it is left, false if its thread was still running when the
     *     timeout elapsed (it will not be restarted when it ends)
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     */
    boolean stop(String name);

    /**
     * Starts a service by hand that is not running: stopped by hand, given up, ended for good by
     * its policy, or waiting for a restart (which then happens now). Its backoff and restart limit
     * start afresh. Returns at once.
     *
     * @return true if a run was started, false if one was already in progress
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     * @throws IllegalStateException if the supervisor is not running
     */
    boolean start(String name);

    /**
     * Restarts a service by hand: cancels its run and starts a new one as soon as it has ended,
     * with no delay; if it is not running, starts it now. Neither the backoff nor the restart limit
     * counts this restart. Returns at once.
     *
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     * @throws IllegalStateException if the supervisor is not running
     */
    void restart(String name);

    /**
     * The latest updates of a service, oldest first, at most {@link Config#historySize()} of them;
     * failed runs keep their throwable, with its stack trace.
     *
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     */
    List<StatusUpdate> history(String name);

    /**
     * Removes a service: cancels its run and waits for it to end, at most the shutdown timeout.
     *
     * @return true if the service stopped in time (or was not running), false if its thread was
     *     still running when the timeout elapsed (it is reported in the log with where it is stuck)
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     */
    boolean remove(String name);

    /** The latest update of every service, ordered by service id: an immutable snapshot, taken in O(1). */
    List<StatusUpdate> statuses();

    /** The latest update of the named service, if there is such a service. */
    Optional<StatusUpdate> status(String name);

    /**
     * Adds a listener. If the supervisor has started, the listener first receives a
     * {@link StatusEvent.Kind#CURRENT} event with the current snapshot.
     *
     * @throws NullPointerException if it is null
     */
    void addListener(StatusListener listener);

    /**
     * Removes a listener: it is called no more, and this waits for a call in progress to return, at
     * most the shutdown timeout (not when called from that very call).
     *
     * @return whether the listener was registered
     */
    boolean removeListener(StatusListener listener);
}
