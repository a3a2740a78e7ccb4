package supervisor.itest.bundles.worker;

import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.annotations.SupervisedService;

/**
 * Runs until cancelled, and records where: its thread and that thread's context class loader.
 * Registered as a {@link Service} named {@code worker}, and as itself so tests can read the record.
 */
@Component(service = {Service.class, Worker.class})
@SupervisedService(name = "worker")
public final class Worker implements Service {

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

    /** The thread of the latest run, or null before the first. */
    public Thread thread() {
        return thread;
    }

    /** The context class loader the latest run saw. */
    public ClassLoader contextClassLoader() {
        return contextClassLoader;
    }

    /** How many runs have started. */
    public int runs() {
        return runs.get();
    }
}
