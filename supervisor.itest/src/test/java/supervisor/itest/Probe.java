package supervisor.itest;

import java.util.concurrent.atomic.AtomicInteger;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/** A well-behaved service: runs until cancelled, and records its thread, context class loader and runs. */
public final class Probe implements Service {

    private final AtomicInteger runs = new AtomicInteger();
    private volatile Thread thread;
    private volatile ClassLoader contextClassLoader;

    @Override
    public void run(ServiceContext context) throws InterruptedException {
        contextClassLoader = Thread.currentThread().getContextClassLoader();
        thread = Thread.currentThread();
        runs.incrementAndGet();
        context.awaitCancellation();
    }

    /** The thread of the latest run; null before the first. */
    public Thread thread() {
        return thread;
    }

    public ClassLoader contextClassLoader() {
        return contextClassLoader;
    }

    public int runs() {
        return runs.get();
    }
}
