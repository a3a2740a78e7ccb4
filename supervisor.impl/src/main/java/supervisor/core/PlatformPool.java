package supervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import supervisor.api.Scheduler;

/**
 * The platform threads of one supervisor, reused from run to run: a run on a platform thread takes
 * a parked worker if there is one and starts a new daemon thread only if there is none, because
 * starting and ending a thread in HotSpot costs more the more threads are alive.
 *
 * <p>A worker is named {@code <supervisor>/<service>} while it runs a service (it renames itself
 * when it takes the run) and {@code <supervisor>-idle-<n>} while parked. Before it parks it clears
 * its interrupt status, drops any uncaught-exception handler the run set and restores the normal
 * priority; each run gets the context class loader of the thread that started it, as a new thread
 * would. Thread-locals are not cleared (Java offers no way to without reaching into the JDK's
 * internals): a service that sets one on a platform thread should remove it before it returns.
 *
 * <p>Bounds: at most {@link Settings#maxIdle()} workers are parked, and never more than the
 * supervisor has services; a worker parked for {@link Settings#keepAlive()} ends. Expiry runs on
 * the pool's own {@link Scheduler} (the supervisor's timer, never the scheduler of its
 * {@code Config}: the keep-alive is housekeeping, not a supervision time, and stays out of a
 * user's scheduler): one sweep at a time, due when the longest-parked worker's keep-alive ends. The
 * pool is closed when the supervisor shuts down: parked workers end at once, busy ones when their
 * run is over, and a run started after that gets a worker that ends after it.
 *
 * <p>Concurrency: thread-safe. {@link #lock} guards the parked workers, the set of all workers, the
 * sweep and the closed flag. It is held for bookkeeping and for calls of the pool's scheduler
 * (which must not block); never while a task runs, a thread starts or a worker is woken. The pool
 * never calls the engine and is never called under the engine's lock.
 */
final class PlatformPool {

    /** How long a parked worker waits for a run before it ends, unless set otherwise. */
    static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
    /** How many workers may be parked at once, unless set otherwise. */
    static final int DEFAULT_MAX_IDLE = 1024;
    /** System properties that override the defaults (read when a supervisor is created). */
    static final String KEEP_ALIVE_PROPERTY = "supervisor.pool.keepAlive";
    static final String MAX_IDLE_PROPERTY = "supervisor.pool.maxIdle";

    /**
     * The knobs of a pool.
     *
     * @param keepAlive how long a parked worker waits for a run before it ends; positive
     * @param maxIdle how many workers may be parked at once; 0 turns reuse off
     * @param clock what times the keep-alive; null for the supervisor's own timer
     */
    record Settings(Duration keepAlive, int maxIdle, Scheduler clock) {
        Settings {
            Objects.requireNonNull(keepAlive, "keepAlive must not be null");
            if (keepAlive.isNegative() || keepAlive.isZero()) {
                throw new IllegalArgumentException("the pool's keep-alive must be positive; it was " + keepAlive);
            }
            if (maxIdle < 0) {
                throw new IllegalArgumentException("the pool's maxIdle must be 0 or more; it was " + maxIdle);
            }
        }

        /** The defaults, or what the system properties {@value #KEEP_ALIVE_PROPERTY} and {@value #MAX_IDLE_PROPERTY} say. */
        static Settings fromSystemProperties() {
            return from(System::getProperty);
        }

        /** The defaults, or what {@code properties} maps {@value #KEEP_ALIVE_PROPERTY} and {@value #MAX_IDLE_PROPERTY} to. */
        static Settings from(java.util.function.UnaryOperator<String> properties) {
            String keepAlive = properties.apply(KEEP_ALIVE_PROPERTY);
            String maxIdle = properties.apply(MAX_IDLE_PROPERTY);
            Duration parsedKeepAlive = DEFAULT_KEEP_ALIVE;
            int parsedMaxIdle = DEFAULT_MAX_IDLE;
            if (keepAlive != null) {
                try {
                    parsedKeepAlive = Duration.parse(keepAlive.trim());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("system property " + KEEP_ALIVE_PROPERTY + " = '" + keepAlive
                            + "' is not a duration; expected ISO-8601 such as PT60S", e);
                }
            }
            if (maxIdle != null) {
                try {
                    parsedMaxIdle = Integer.parseInt(maxIdle.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("system property " + MAX_IDLE_PROPERTY + " = '" + maxIdle
                            + "' is not a whole number; expected 0 or more, such as 1024", e);
                }
            }
            try {
                return new Settings(parsedKeepAlive, parsedMaxIdle, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("system properties " + KEEP_ALIVE_PROPERTY + " / " + MAX_IDLE_PROPERTY
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private final String supervisor;
    private final GuardedScheduler clock;
    private final Duration keepAlive;
    private final int maxIdle;
    private final IntSupplier services;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // first: parked last, taken first; last: parked longest
    private final Set<Worker> workers = new HashSet<>();
    private GuardedScheduler.Timer sweep; // the pending sweep, or null
    private boolean closed;
    private long made;

    /**
     * @param services how many services the supervisor has now: no more workers are parked than that
     */
    PlatformPool(String supervisor, GuardedScheduler clock, Duration keepAlive, int maxIdle, IntSupplier services) {
        this.supervisor = supervisor;
        this.clock = clock;
        this.keepAlive = keepAlive;
        this.maxIdle = maxIdle;
        this.services = services;
    }

    /**
     * Runs {@code task} on a worker named {@code name}: a parked one if any, else a new daemon
     * thread. The worker parks again afterwards if the task returns true and the bounds allow.
     *
     * @throws OutOfMemoryError (or what {@link Thread#start()} throws) if no thread could be started
     */
    void execute(String name, BooleanSupplier task) {
        Job job = new Job(name, task, Thread.currentThread().getContextClassLoader());
        Worker worker;
        boolean fresh = false;
        lock.lock();
        try {
            worker = idle.pollFirst();
            if (worker == null) {
                worker = new Worker(++made, job);
                workers.add(worker);
                fresh = true;
            }
        } finally {
            lock.unlock();
        }
        if (fresh) {
            try {
                worker.thread.start();
            } catch (Throwable t) {
                forget(worker);
                throw t;
            }
        } else {
            worker.take(job);
        }
    }

    /** Ends parked workers beyond the bounds (after services were removed). */
    void trim() {
        List<Worker> released = new ArrayList<>();
        lock.lock();
        try {
            int limit = limit();
            while (idle.size() > limit) {
                released.add(release(idle.pollLast()));
            }
        } finally {
            lock.unlock();
        }
        released.forEach(Worker::wake);
    }

    /** The supervisor shuts down: parked workers end now, busy ones after their run. Idempotent. */
    void close() {
        List<Worker> released = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (sweep != null) {
                sweep.cancel();
                sweep = null;
            }
            while (!idle.isEmpty()) {
                released.add(release(idle.pollLast()));
            }
        } finally {
            lock.unlock();
        }
        released.forEach(Worker::wake);
    }

    /**
     * After {@link #close()}: waits, up to {@code timeout} in all, for every worker to end but those
     * in {@code except} (running a service left running) and the calling thread.
     *
     * @return whether they all ended in time
     */
    boolean awaitEnd(Set<Thread> except, Duration timeout) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        lock.lock();
        try {
            for (Worker worker : workers) {
                threads.add(worker.thread);
            }
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            if (thread == Thread.currentThread() || except.contains(thread)) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** How many workers are parked now. */
    int idleCount() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many workers are alive now, parked or busy. */
    int size() {
        lock.lock();
        try {
            return workers.size();
        } finally {
            lock.unlock();
        }
    }

    /** Under lock: how many workers may be parked now. */
    private int limit() {
        return Math.min(maxIdle, services.getAsInt());
    }

    /** Under lock: takes a worker out of the parked ones for good; wake it after unlocking. */
    private static Worker release(Worker worker) {
        worker.ends = true;
        return worker;
    }

    /** A worker ended (or never started). */
    private void forget(Worker worker) {
        lock.lock();
        try {
            workers.remove(worker);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A worker finished a task and may park: parks it and returns true, or returns false (it ends)
     * if the pool is closed, full, or the keep-alive could not be timed.
     */
    private boolean park(Worker worker) {
        lock.lock();
        try {
            if (closed || idle.size() >= limit()) {
                return false;
            }
            if (sweep == null) {
                GuardedScheduler.Timer timer = clock.schedule(keepAlive, this::sweep, "the expiry of idle threads");
                if (!timer.scheduled()) {
                    return false; // no expiry without a timer: keep no thread parked
                }
                sweep = timer;
            }
            worker.idleSince = clock.now();
            idle.addFirst(worker);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the workers parked for a whole keep-alive, and times the next sweep if any are left. */
    private void sweep() {
        List<Worker> released = new ArrayList<>();
        lock.lock();
        try {
            sweep = null;
            if (closed) {
                return;
            }
            Instant now = clock.now();
            Worker oldest;
            while ((oldest = idle.peekLast()) != null && !oldest.idleSince.plus(keepAlive).isAfter(now)) {
                released.add(release(idle.pollLast()));
            }
            if (oldest != null) {
                GuardedScheduler.Timer timer = clock.schedule(Duration.between(now, oldest.idleSince.plus(keepAlive)),
                        this::sweep, "the expiry of idle threads");
                if (timer.scheduled()) {
                    sweep = timer;
                } else {
                    while (!idle.isEmpty()) {
                        released.add(release(idle.pollLast()));
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        released.forEach(Worker::wake);
    }

    /** A run to hand to a worker: the thread's name for it, the task, the context class loader. */
    private record Job(String name, BooleanSupplier task, ClassLoader loader) {
    }

    /** One pooled thread and its loop. */
    private final class Worker implements Runnable {
        final Thread thread;
        final String idleName;
        private volatile Job job; // handed over by execute, taken by the worker
        private volatile boolean ends; // set under the pool's lock when it was taken out of the parked ones
        private Instant idleSince; // guarded by the pool's lock

        Worker(long number, Job first) {
            idleName = supervisor + "-idle-" + number;
            job = first;
            thread = new Thread(this, first.name());
            thread.setDaemon(true);
        }

        /** Hands over a job; the worker was taken out of the parked ones under the pool's lock. */
        void take(Job next) {
            job = next;
            LockSupport.unpark(thread);
        }

        void wake() {
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            try {
                Job next = job;
                job = null;
                while (next != null) {
                    if (!next.name().equals(thread.getName())) {
                        thread.setName(next.name());
                    }
                    thread.setContextClassLoader(next.loader());
                    boolean keep = next.task().getAsBoolean();
                    // hand back: nothing of the run reaches the next one but its thread-locals
                    Thread.interrupted();
                    thread.setUncaughtExceptionHandler(null);
                    if (thread.getPriority() != Thread.NORM_PRIORITY) {
                        thread.setPriority(Thread.NORM_PRIORITY);
                    }
                    thread.setName(idleName);
                    next = keep && park(this) ? awaitJob() : null;
                }
            } finally {
                forget(this);
            }
        }

        /** Parked: waits until a job is handed over (returns it) or the pool lets the worker go (returns null). */
        private Job awaitJob() {
            while (true) {
                Job next = job;
                if (next != null) {
                    job = null;
                    return next;
                }
                if (ends) {
                    return null;
                }
                LockSupport.park(PlatformPool.this);
                Thread.interrupted(); // nothing interrupts a parked worker on purpose; a stray interrupt must not spin it
            }
        }
    }
}
