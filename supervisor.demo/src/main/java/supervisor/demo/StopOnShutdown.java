package supervisor.demo;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Ctrl-C and SIGTERM stop the framework: bnd's launcher adds no JVM shutdown hook that does, so
 * without this one the JVM would exit with every bundle active and no supervisor would stop its
 * services. The hook stops the framework and waits for it, at most {@link #WAIT_MS}.
 */
@Component(service = {}, immediate = true)
public final class StopOnShutdown {

    static final long WAIT_MS = 15_000;

    private final Console console;
    /** Added in {@link #activate}, removed in {@link #deactivate}; SCR orders the two. */
    private final Thread hook;

    @Activate
    public StopOnShutdown(BundleContext context, @Reference Console console) {
        this.console = console;
        Framework framework = context.getBundle(0).adapt(Framework.class);
        this.hook = new Thread(() -> stop(framework), "supervisor.demo: stop the framework on JVM shutdown");
    }

    @Activate
    void activate() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook itself is stopping the framework
        }
    }

    private void stop(Framework framework) {
        long start = System.nanoTime();
        console.println("shutdown: stopping the framework");
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(WAIT_MS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            console.println(event.getType() == FrameworkEvent.STOPPED
                    ? "shutdown: framework stopped in " + millis + " ms"
                    : "shutdown: framework not stopped after " + millis + " ms (event type " + event.getType() + ")");
        } catch (BundleException | InterruptedException | RuntimeException e) {
            console.println("shutdown: could not stop the framework: " + e);
        }
    }
}
