package supervisor.api;

import java.time.Duration;
import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The supervisor's source of time: it reads the time from it and schedules restarts and shutdown
 * deadlines on it. Supply one (such as {@link supervisor.testing.FakeScheduler}) to control time in
 * tests; by default a supervisor uses the system clock and a timer thread of its own.
 *
 * <p>Implementations are thread-safe. The supervisor's tasks are short and never block.
 */
@ConsumerType
public interface Scheduler {

    /** The current time. */
    Instant now();

    /**
     * Runs {@code task} once, after {@code delay}. Must not run the task on the calling thread and
     * must not block: the supervisor may call this while holding its lock.
     *
     * @param delay how long to wait; zero or positive
     * @param task what to run
     * @return a handle to call the task off
     */
    Cancellable schedule(Duration delay, Runnable task);
}
