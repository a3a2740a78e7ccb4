package supervisor.osgi;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/**
 * A whiteboard service as the engine runs it: each run has the registering bundle's class loader as
 * the thread context class loader (restored when the run ends), and the thread of the run in
 * progress is kept, so that a service that will not stop can be reported with where it is stuck and
 * the adapter can wait until no thread is in the service's code any more. The engine may run the
 * next run on the same (pooled) thread, or another service on it: what the adapter waits for is the
 * end of the run, not of the thread.
 *
 * <p>Concurrency: thread-safe. The engine gives a service at most one run at a time; {@code this}'s
 * monitor guards {@link #runner} and is never held while the service's code runs.
 */
final class BundleService implements Service {

    private final Service delegate;
    private final ClassLoader loader;
    private Thread runner; // the thread of the run in progress, or null between runs; guarded by this
    private Thread ending; // the thread of a cancelled run that returned: it ends (the engine keeps no cancelled run's thread); guarded by this

    /**
     * @param delegate the registered service object
     * @param loader the registering bundle's class loader; not null
     */
    BundleService(Service delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    @Override
    public void run(ServiceContext context) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        synchronized (this) {
            runner = current;
            ending = null;
        }
        try {
            delegate.run(context);
        } finally {
            current.setContextClassLoader(previous);
            synchronized (this) {
                runner = null;
                ending = context.isCancelled() ? current : null;
                notifyAll();
            }
        }
    }

    /** Whether the calling thread is running this service's run in progress. */
    synchronized boolean isOwnThread() {
        return runner == Thread.currentThread();
    }

    /** Where the run in progress is, one frame a line; or a note that none is in progress. */
    String whereStuck() {
        Thread current;
        synchronized (this) {
            current = runner;
        }
        if (current == null) {
            return " (no run in progress)";
        }
        return Arrays.stream(current.getStackTrace()).map(frame -> "\n\tat " + frame).collect(Collectors.joining());
    }

    /**
     * Waits until no run of this service is in progress: until its thread has left the service's
     * code and restored its context class loader, and, if that run was cancelled (a stop, a
     * removal), until its thread has ended, since the engine gives only a thread whose run ended by
     * itself back to its pool. Blocks up to {@code timeout}; keeps the interrupt status. Called from
     * the run's own thread, it returns false at once (waiting could never end).
     *
     * @return true if no run is in progress, or the one in progress ended in time
     */
    boolean awaitRunEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        Thread exiting;
        try {
            synchronized (this) {
                while (runner != null) {
                    long left = deadline - System.nanoTime();
                    if (runner == Thread.currentThread() || left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                exiting = ending;
            }
            while (exiting != null && exiting != Thread.currentThread()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return !exiting.isAlive();
                }
                try {
                    TimeUnit.NANOSECONDS.timedJoin(exiting, left);
                    return !exiting.isAlive();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return String.valueOf(delegate);
    }
}
