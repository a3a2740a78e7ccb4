package supervisor.itest.bundles.faulty;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/**
 * A service that fails every run, for the bundle fault tests: one instance per factory
 * configuration (factory PID {@value #FACTORY_PID}), so it exists only while a test wants it, and
 * its configuration's properties ({@code supervisor.name} among them) become its service
 * properties. Each run spins in this class for {@code spin.millis} milliseconds (default 0; an
 * interrupt does not cut the spin short), then throws an {@link IllegalStateException} whose
 * message names this bundle's revision, so a test can tell the revisions of an updated bundle
 * apart. Its package is private: the tests never load its classes, so they can stop, update,
 * refresh and uninstall this bundle without being refreshed themselves, and any stack frame of
 * this package in a thread dump is this bundle's code.
 */
@Component(name = "failing-service", configurationPid = FailingService.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Service.class)
public final class FailingService implements Service {

    /** The factory configuration PID. */
    public static final String FACTORY_PID = "supervisor.itest.failing";

    private final long spinNanos;
    private final AtomicInteger runs = new AtomicInteger();
    private final String revision;

    /** Called by Declarative Services with the configuration. */
    @Activate
    public FailingService(Map<String, Object> properties) {
        Object spin = properties.get("spin.millis");
        spinNanos = spin == null ? 0 : Long.parseLong(spin.toString()) * 1_000_000L;
        revision = String.valueOf(FrameworkUtil.getBundle(FailingService.class).adapt(BundleRevision.class));
    }

    @Override
    public void run(ServiceContext context) {
        int run = runs.incrementAndGet();
        if (spinNanos > 0) {
            spin(System.nanoTime() + spinNanos);
        }
        throw new IllegalStateException("failing on purpose: run " + run + " of revision " + revision);
    }

    /** Busy until the deadline, in a frame of this class; ignores interrupts. */
    private static long spin(long deadline) {
        long turns = 0;
        while (System.nanoTime() < deadline) {
            turns++;
        }
        return turns;
    }
}
