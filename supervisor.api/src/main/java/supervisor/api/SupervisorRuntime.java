package supervisor.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A supervisor as its observers and operators see it: its name, the status and history of every
 * service, the policy in force for each, manual control of one service at a time, listeners, and
 * {@link #describe()}, an immutable description of the whole supervisor. In OSGi every supervisor
 * is registered as a service of this type, with its name as the {@value SupervisorConstants#NAME}
 * service property; in plain Java a {@link Supervisor} is one.
 *
 * <p>All methods are thread-safe and return at once, except {@link #stop(String)} and
 * {@link #removeListener(StatusListener)}, each bounded by the shutdown timeout. Reads are
 * lock-free point-in-time snapshots, except {@link #history(String)} and {@link #describe()}, which
 * take the supervisor's lock briefly.
 *
 * <p>Time: the shutdown timeout that bounds {@link #stop(String)}, a {@link Supervisor}'s
 * {@code remove} and its shutdown is measured by the supervisor's {@link Scheduler}
 * ({@link Config#scheduler()}), as are restart delays and the times of the updates; so with a
 * {@link supervisor.testing.FakeScheduler} such a wait ends only when the test advances it. Only
 * {@link #removeListener(StatusListener)} waits on the real clock.
 */
@ProviderType
public interface SupervisorRuntime {

    /** The supervisor's name ({@link Config#name()}): in its thread names, log lines and events. */
    String name();

    /**
     * The latest update of every service, ordered by service id: an immutable snapshot, taken in
     * O(1). Empty before the supervisor starts: a service enters it with its first update.
     */
    List<StatusUpdate> statuses();

    /**
     * The latest update of the named service; empty if there is no such service or it has had no
     * update yet (the supervisor has not started).
     *
     * @throws NullPointerException if the name is null
     */
    Optional<StatusUpdate> status(String name);

    /**
     * The latest updates of a service, oldest first, at most {@link Config#historySize()} of them;
     * failed runs keep their throwable, with its stack trace. An empty list before the supervisor
     * starts.
     *
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     */
    List<StatusUpdate> history(String name);

    /**
     * The policy in force for a service: its own settings, then the supervisor's default policy,
     * then the built-in defaults; every setting is set ({@link Policy#maxRestarts()} 0 for no
     * limit, in which case {@link Policy#window()} is empty).
     *
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     */
    Policy policy(String name);

    /**
     * Stops a service by hand: calls off a pending restart, cancels its run and waits for it to
     * end, at most the shutdown timeout. It stays stopped, whatever its policy, until
     * {@link #start(String)} or {@link #restart(String)}. Called from the thread of the very
     * service it stops, it only cancels and returns true.
     *
     * @return true if no run of it is left, false if its thread was still running when the
     *     timeout elapsed (it will not be restarted when it ends)
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     * @throws IllegalStateException if the supervisor has ended
     */
    boolean stop(String name);

    /**
     * Starts a service by hand that is not running: stopped by hand, given up, ended for good by
     * its policy, or waiting for a restart (which then happens now). Its backoff and restart limit
     * start afresh; the new run counts in {@link StatusUpdate#restartCount()}. Returns at once.
     *
     * @return true if a run was started, false if one was already in progress
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     * @throws IllegalStateException if the supervisor is not running
     */
    boolean start(String name);

    /**
     * Restarts a service by hand: cancels its run and starts a new one as soon as it has ended,
     * with no delay; if it is not running, starts it now. The new run counts in
     * {@link StatusUpdate#restartCount()}, but neither the backoff nor the restart limit counts it.
     * Returns at once.
     *
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     * @throws IllegalStateException if the supervisor is not running
     */
    void restart(String name);

    /**
     * Adds a listener; adding one that is already there does nothing. If the supervisor has
     * started (it is running or shutting down), the listener first receives a
     * {@link StatusEvent.Kind#CURRENT} event with the current snapshot; a listener added before the
     * start (or in the {@link Config}) receives the first {@link StatusEvent.Kind#CHANGED} events
     * instead, whose snapshot already lists every service. Once the supervisor has ended, this does
     * nothing: the listener is not added and never called.
     *
     * @throws NullPointerException if it is null
     */
    void addListener(StatusListener listener);

    /**
     * Removes a listener: it is called no more, and this waits for a call in progress to return, at
     * most the shutdown timeout on the real clock, whatever the {@link Scheduler} (not when called
     * from that very call).
     *
     * @return whether the listener was registered
     */
    boolean removeListener(StatusListener listener);

    /** An immutable description of the whole supervisor at this moment: its settings, services and refusals. */
    SupervisorDescription describe();
}
