package supervisor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import supervisor.api.Cancellable;
import supervisor.api.Scheduler;

/**
 * A {@link Scheduler} whose time moves only when a test calls {@link #advance(Duration)}: due tasks
 * then run on the calling thread, in order of due time (ties in the order they were scheduled), with
 * {@link #now()} set to each task's due time while it runs.
 *
 * <p>Thread-safe: services and supervisors may schedule from any thread while a test advances time.
 * A task scheduled while {@code advance} runs, and due by its target, runs in the same call.
 *
 * <p>A supervisor given one ({@link supervisor.api.Config.Builder#scheduler}) takes all its time
 * from it: the restart delays and backoff, the restart limit's window, how long a run lasted (for
 * the policy's reset), the times of the status updates, and also the deadlines of the shutdown
 * timeout: of {@code stop(name)}, of {@code remove(name)}, and of the shutdown itself
 * ({@code cancel()}, {@code close()}, {@code run()}). None of them passes until the test advances
 * this clock past it, however long the real wait: a stop, a removal or a shutdown that waits for a
 * service ignoring its cancellation returns only then, so call the blocking ones from another
 * thread (or use the engine's {@code stopAsync} and {@code removeAsync}) and advance from the
 * test's. The one wait it does not time is {@code removeListener}'s for a call in progress, which
 * uses the real clock.
 */
public final class FakeScheduler implements Scheduler {

    private final Object lock = new Object(); // guards now, queue and sequence
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    /** A scheduler whose clock reads 2000-01-01T00:00:00Z. */
    public FakeScheduler() {
        this(Instant.parse("2000-01-01T00:00:00Z"));
    }

    /** A scheduler whose clock reads {@code start}. */
    public FakeScheduler(Instant start) {
        now = Objects.requireNonNull(start, "start must not be null");
    }

    @Override
    public Instant now() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay must not be null");
        Objects.requireNonNull(task, "task must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        synchronized (lock) {
            Task scheduled = new Task(now.plus(delay), sequence++, task);
            queue.add(scheduled);
            return scheduled;
        }
    }

    /**
     * Moves time forward by {@code duration}, running every task that falls due on the way.
     *
     * @throws IllegalArgumentException if the duration is negative
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward; duration was " + duration);
        }
        Instant target;
        synchronized (lock) {
            target = now.plus(duration);
        }
        while (true) {
            Task next;
            synchronized (lock) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
            }
            next.runOnce();
        }
    }

    /** Runs the tasks due now without moving time. */
    public void runDueTasks() {
        advance(Duration.ZERO);
    }

    /** The due times of the tasks not yet run nor cancelled, earliest first. */
    public List<Instant> pendingDueTimes() {
        synchronized (lock) {
            List<Task> tasks = new ArrayList<>(queue);
            tasks.sort(null);
            List<Instant> due = new ArrayList<>();
            for (Task task : tasks) {
                if (!task.isCancelled()) {
                    due.add(task.due);
                }
            }
            return List.copyOf(due);
        }
    }

    /** How long until the earliest pending task falls due, if there is one. */
    public Optional<Duration> untilNextTask() {
        List<Instant> due = pendingDueTimes();
        return due.isEmpty() ? Optional.empty() : Optional.of(Duration.between(now(), due.get(0)));
    }

    private static final class Task implements Cancellable, Comparable<Task> {
        private static final int PENDING = 0;
        private static final int DONE = 1;
        private static final int CANCELLED = 2;

        final Instant due;
        final long order;
        private final Runnable action;
        private final AtomicInteger state = new AtomicInteger();

        Task(Instant due, long order, Runnable action) {
            this.due = due;
            this.order = order;
            this.action = action;
        }

        void runOnce() {
            if (state.compareAndSet(PENDING, DONE)) {
                action.run();
            }
        }

        boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        @Override
        public boolean cancel() {
            return state.compareAndSet(PENDING, CANCELLED);
        }

        @Override
        public int compareTo(Task other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }
}
