package supervisor.osgi;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/**
 * A whiteboard service as the engine runs it: each run has the registering bundle's class loader as
 * the thread context class loader (restored when the run ends), and the thread of the latest run is
 * kept, so that a service that will not stop can be reported with where it is stuck and the adapter
 * can wait for that thread to end. Thread-safe.
 */
final class BundleService implements Service {

    private final Service delegate;
    private final ClassLoader loader;
    private volatile Thread thread; // the thread of the latest run, or null before the first
    private volatile boolean running;

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
        thread = current;
        running = true;
        try {
            delegate.run(context);
        } finally {
            running = false;
            current.setContextClassLoader(previous);
        }
    }

    /** Whether the calling thread is the one running this service's latest run. */
    boolean isOwnThread() {
        return thread == Thread.currentThread();
    }

    /** Where the run in progress is, one frame a line; or a note that none is in progress. */
    String whereStuck() {
        Thread current = thread;
        if (current == null || !running) {
            return " (no run in progress)";
        }
        return Arrays.stream(current.getStackTrace()).map(frame -> "\n\tat " + frame).collect(Collectors.joining());
    }

    /**
     * Waits until the thread of the latest run has terminated: the engine reports a run as ended
     * from that thread, just before it terminates. Blocks up to {@code timeout}; keeps the
     * interrupt status.
     *
     * @return true if there is no such thread or it terminated in time
     */
    boolean awaitThreadEnd(Duration timeout) {
        Thread current = thread;
        if (current == null || current == Thread.currentThread()) {
            return current == null;
        }
        try {
            current.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !current.isAlive();
    }

    @Override
    public String toString() {
        return String.valueOf(delegate);
    }
}
