package supervisor.core;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import supervisor.api.Cancellable;
import supervisor.api.ServiceContext;

/**
 * One run of one service: its context, its thread once started, and its cancellation. Thread-safe;
 * cancellation is one-way.
 *
 * <p>Waiting for the cancellation: nearly every blocking service waits in one thread, its own, so
 * the first waiter parks itself directly on the {@link #cancelled} flag (registered in
 * {@link #parked}, woken by {@link #cancel}); any further waiter at the same time waits on a latch
 * made for it. That keeps an idle service's parked stack to a few frames and allocates nothing per
 * run, and a cancellation wakes the waiter without an exception being thrown and caught.
 */
final class RunContext implements ServiceContext {

    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(RunContext.class, "parked", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ServiceCell cell;
    private final EngineLog log;
    private final ThreadFactory threads;
    private static final List<Runnable> NO_CALLBACKS = List.of();

    private volatile boolean cancelled; // written once, under callbacksLock, before the waiters are woken
    private volatile Thread parked; // the waiter parked on the flag; set by CAS by the waiter, cleared by it
    private CountDownLatch moreWaiters; // for waiters while another is parked; made on demand, guarded by callbacksLock
    private final Object callbacksLock = new Object(); // guards callbacks, moreWaiters, bound, released and threadKept
    private List<Runnable> callbacks = NO_CALLBACKS; // a list of its own from the first; null once cancelled
    private boolean bound; // the thread runs this run: a cancellation may interrupt it
    private boolean released; // the thread is done with this run
    private boolean threadKept; // ... and went back to the pool
    private volatile Thread thread;
    // the engine's LiveRuns, guarded by the engine's lock: whether the run is in it, and its neighbours there
    boolean live;
    RunContext livePrevious;
    RunContext liveNext;

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
        return cancelled;
    }

    @Override
    public void awaitCancellation() throws InterruptedException {
        // the untimed wait parks here, not in a shared helper: an idle service's parked stack keeps
        // one frame fewer (measured: about 160-430 B less per idle virtual-thread service at 10,000,
        // together with RunBody's frame)
        if (cancelled) {
            return;
        }
        Thread me = Thread.currentThread();
        if (!PARKED.compareAndSet(this, null, me)) {
            awaitBeside(0L);
            return;
        }
        try {
            while (!doneWaiting(me)) {
                LockSupport.park(this);
            }
        } finally {
            parked = null;
        }
    }

    @Override
    public boolean awaitCancellation(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        long nanos = saturatedNanos(timeout);
        if (nanos > 0) {
            return awaitCancelled(nanos);
        }
        if (!cancelled && Thread.interrupted()) {
            throw new InterruptedException(); // as a latch's wait of no time does
        }
        return cancelled;
    }

    /**
     * Waits for the cancellation at most {@code nanos} (positive), as {@link #awaitCancellation()}
     * waits: once cancelled it returns true even if interrupted (the interrupt stays set);
     * interrupted while not cancelled, it throws with the interrupt cleared, as
     * {@link CountDownLatch#await()} does.
     */
    private boolean awaitCancelled(long nanos) throws InterruptedException {
        if (cancelled) {
            return true;
        }
        Thread me = Thread.currentThread();
        if (!PARKED.compareAndSet(this, null, me)) {
            return awaitBeside(nanos);
        }
        try {
            long deadline = System.nanoTime() + nanos;
            while (!doneWaiting(me)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return cancelled;
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        } finally {
            parked = null;
        }
    }

    /**
     * For the waiter parked on the flag, after each wake-up: true once cancelled (an interrupt that
     * came with the cancellation stays set); throws, the interrupt cleared, if interrupted while not
     * cancelled. Read after publishing in {@link #parked}: {@link #cancel} sets the flag, then
     * unparks what it reads there.
     */
    private boolean doneWaiting(Thread me) throws InterruptedException {
        if (cancelled) {
            return true;
        }
        if (Thread.interrupted()) {
            if (cancelled) {
                me.interrupt();
                return true;
            }
            throw new InterruptedException();
        }
        return false;
    }

    /** Waits (for ever if {@code nanos} is 0), while another waiter is parked on the flag, on a latch made for waiters beside it. */
    private boolean awaitBeside(long nanos) throws InterruptedException {
        CountDownLatch latch;
        synchronized (callbacksLock) {
            if (cancelled) {
                return true;
            }
            if (moreWaiters == null) {
                moreWaiters = new CountDownLatch(1);
            }
            latch = moreWaiters;
        }
        try {
            if (nanos == 0) {
                latch.await();
                return true;
            }
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            if (!cancelled) {
                throw e;
            }
            Thread.currentThread().interrupt(); // cancelled: return normally, keep the interrupt
            return true;
        }
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return timeout.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
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

    /** The waiter parked on the flag, or null; for tests. */
    Thread parkedWaiter() {
        return parked;
    }

    /** Whether a latch was made for waiters beside the parked one; for tests. */
    boolean latchMade() {
        synchronized (callbacksLock) {
            return moreWaiters != null;
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
            cancelled = true;
            if (moreWaiters != null) {
                moreWaiters.countDown();
            }
            Thread running = thread;
            if (bound && running != Thread.currentThread()) {
                running.interrupt(); // under the lock: never once the thread may run another service's run
            }
            Thread waiting = parked;
            if (waiting != null) {
                LockSupport.unpark(waiting); // a spurious wake-up at worst, if it stopped waiting meanwhile
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
