package supervisor.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A supervisor its owner runs: a {@link SupervisorRuntime} plus its lifecycle and its membership.
 *
 * <p><b>Getting one.</b> This bundle holds only the contract; the engine is
 * {@code supervisor.core.SupervisorEngine} in {@code supervisor.impl} (put it on the class path,
 * or {@code requires supervisor.impl;}). Its {@code create(Config)} takes a {@link Config} built
 * by {@link Config#builder()}:
 *
 * <pre>{@code
 * Supervisor supervisor = SupervisorEngine.create(Config.builder()
 *         .name("workers")
 *         .service("poller", context -> { ... })
 *         .build());
 * RunResult result = supervisor.run(); // blocks until cancel(); start() returns at once instead
 * }</pre>
 *
 * <p>In OSGi you do not create supervisors: get a {@link SupervisorRuntime} service (property
 * {@value SupervisorConstants#NAME}) and register {@link Service}s on the whiteboard.
 *
 * <p><b>Before {@link #start()}</b> the services are there but have not run: {@link #statuses()}
 * is empty, {@link #status(String)} empty and {@link #history(String)} an empty list, and
 * {@link #describe()} lists every service with a null status, reason and {@code since} and a
 * restart count of 0. {@link #stop(String)} marks a service to stay stopped when the supervisor
 * starts; {@link #start(String)} and {@link #restart(String)} throw {@link IllegalStateException}.
 *
 * <p>Lifecycle: a supervisor is created new; {@link #start()} (or {@link #run()}) starts every
 * service; {@link #cancel()} or {@link #close()} cancels every service, waits for them up to the
 * shutdown timeout, and ends the supervisor with a {@link RunResult}. A supervisor runs once. In
 * OSGi, Declarative Services owns each supervisor's lifecycle and membership, so only its
 * {@link SupervisorRuntime} is registered.
 *
 * <p>All methods are thread-safe. Besides those of {@link SupervisorRuntime}, only {@link #run()},
 * {@link #close()} and {@link #remove(String)} block: {@code remove} at most the shutdown timeout,
 * and {@code run} and {@code close} at most the shutdown timeout after the cancellation, the
 * listeners' last events included. Called from the thread of the very service they act on,
 * {@code remove} and {@code stop} only cancel it and return true: its run ends when its
 * {@link Service#run} returns.
 */
@ProviderType
public interface Supervisor extends SupervisorRuntime, AutoCloseable {

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
     * Cancels the supervisor and waits until it has ended, at most the shutdown timeout after the
     * cancellation. From a thread of one of its own services or listeners this only cancels, since
     * waiting there could never finish.
     */
    @Override
    void close();

    /**
     * Completes with the result when the supervisor has ended: after every listener has received
     * its last event, or when the shutdown timeout since the cancellation elapsed, whichever comes
     * first.
     */
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
     * @throws IllegalArgumentException if the name is invalid or already taken, or the policy asks
     *     for virtual threads on a JVM without them
     * @throws IllegalStateException if the supervisor is shutting down or has ended
     */
    long add(String name, Service service, Policy policy);

    /**
     * Removes a service: cancels its run and waits for it to end, at most the shutdown timeout.
     *
     * @return true if the service stopped in time (or was not running), false if its thread was
     *     still running when the timeout elapsed (it is reported in the log with where it is stuck)
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if no service has that name
     */
    boolean remove(String name);
}
