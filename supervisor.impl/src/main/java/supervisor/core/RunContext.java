package supervisor.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import supervisor.api.Cancellable;
import supervisor.api.ServiceContext;

/**
 * One run of one service: its context, its thread once started, and its cancellation. Thread-safe;
 * cancellation is one-way.
 */
final class RunContext implements ServiceContext {

    final ServiceCell cell;
    private final EngineLog log;
    private final ThreadFactory threads;
    private static final List<Runnable> NO_CALLBACKS = List.of();

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final Object callbacksLock = new Object(); // guards callbacks, bound, released and threadKept
    private List<Runnable> callbacks = NO_CALLBACKS; // a list of its own from the first; null once cancelled
    private boolean bound; // the thread runs this run: a cancellation may interrupt it
    private boolean released; // the thread is done with this run
    private boolean threadKept; // ... and went back to the pool
    private volatile Thread thread;

    /** @param threads what makes this run's thread; null for a worker of the supervisor's {@link PlatformPool} */
    RunContext(ServiceCell cell, EngineLog log, ThreadFactory threads) {
        this.cell = cell;
        this.log = log;
        this.threads = threads;
    }

    /** What makes this run's thread, chosen when the run began, under the engine's lock; null: the platform pool. */
    ThreadFactory threads() {
        return threads;
    }

    /** Whether the run's thread comes from the supervisor's {@link PlatformPool}. */
    boolean pooled() {
        return threads == null;
    }

    @Override
    public long id() {
        return cell.id;
    }

    @Override
    public String name() {
        return cell.name;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    @Override
    public void awaitCancellation() throws InterruptedException {
        try {
            cancelled.await();
        } catch (InterruptedException e) {
            if (!isCancelled()) {
                throw e;
            }
            Thread.currentThread().interrupt(); // cancelled: return normally, keep the interrupt
        }
    }

    @Override
    public boolean awaitCancellation(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        try {
            return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            if (!isCancelled()) {
                throw e;
            }
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public Cancellable onCancel(Runnable action) {
        Objects.requireNonNull(action, "action must not be null");
        synchronized (callbacksLock) {
            if (callbacks != null) {
                if (callbacks == NO_CALLBACKS) {
                    callbacks = new ArrayList<>(2);
                }
                callbacks.add(action);
                return () -> {
                    synchronized (callbacksLock) {
                        return callbacks != null && callbacks.remove(action);
                    }
                };
            }
        }
        runCallback(action);
        return () -> false;
    }

    @Override
    public System.Logger logger() {
        return cell.logger();
    }

    /** Called first on the run's own thread, so that a cancellation racing with the start still interrupts it. */
    void bindThread(Thread current) {
        synchronized (callbacksLock) {
            thread = current;
            bound = true;
        }
        if (isCancelled()) {
            current.interrupt();
        }
    }

    /**
     * Called last on the run's own thread, once the engine is done with the run: from now on a
     * cancellation no longer interrupts the thread (a pooled one may run another service next), and
     * whoever waits in {@link #awaitReleased()} goes on.
     *
     * @param kept whether the thread goes back to the pool rather than ending
     */
    void releaseThread(boolean kept) {
        synchronized (callbacksLock) {
            bound = false;
            released = true;
            threadKept = kept;
            callbacksLock.notifyAll();
        }
    }

    /**
     * Waits until the run's thread is done with it: until {@link #releaseThread} and, unless the
     * thread went back to the pool, until the thread has ended. Returns at once if the thread never
     * started. Keeps an interrupt for the caller.
     */
    void awaitReleased() {
        Thread running = thread;
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        try {
            boolean kept;
            synchronized (callbacksLock) {
                while (!released) {
                    try {
                        callbacksLock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                kept = threadKept;
            }
            while (!kept) {
                try {
                    running.join();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The thread running this context, once it has started. */
    Thread thread() {
        return thread;
    }

    /** Cancels the run: sets the flag, interrupts the thread, runs the callbacks on this thread. Idempotent. */
    void cancel() {
        List<Runnable> toRun;
        synchronized (callbacksLock) {
            if (callbacks == null) {
                return;
            }
            toRun = callbacks;
            callbacks = null;
            cancelled.countDown();
            Thread running = thread;
            if (bound && running != Thread.currentThread()) {
                running.interrupt(); // under the lock: never once the thread may run another service's run
            }
        }
        toRun.forEach(this::runCallback);
    }

    private void runCallback(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            log.log(Level.WARNING, "a cancellation callback of service '" + cell.name
                    + "' failed", t);
        }
    }

    @Override
    public String toString() {
        return "run of " + cell.name + (isCancelled() ? " (cancelled)" : "");
    }
}
