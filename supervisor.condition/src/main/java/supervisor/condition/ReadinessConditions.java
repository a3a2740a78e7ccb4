package supervisor.condition;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.condition.Condition;
import supervisor.api.StatusListener;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * Registers readiness {@link Condition}s for the supervisors: {@code osgi.condition.id} =
 * {@value ReadinessTracker#PREFIX}{@code <name>} (with {@value SupervisorConstants#NAME}) while a
 * supervisor is ready, and {@value ReadinessTracker#ALL} while every registered supervisor is (and
 * there is at least one). {@link Readiness} says when a supervisor is ready.
 *
 * <p>Concurrency: Declarative Services binds and unbinds supervisors from any thread; each bound
 * supervisor gets a listener that only queues work for the {@link ReadinessTracker}, whose state
 * lives on one thread of its own ({@code supervisor-readiness}), which also registers and
 * unregisters the conditions. {@link #bound} maps {@code service.id} to the listener added, so
 * unbind and deactivation remove each listener exactly once.
 */
@Component(service = {}, immediate = true)
public final class ReadinessConditions {

    private final BundleContext context;
    private final ExecutorService serial;
    private final ReadinessTracker tracker;
    /** The listener added to each bound supervisor, by {@code service.id}. */
    private final Map<Long, Bound> bound = new ConcurrentHashMap<>();

    private record Bound(SupervisorRuntime runtime, StatusListener listener) {
    }

    /** Called by Declarative Services. */
    @Activate
    public ReadinessConditions(BundleContext context) {
        this.context = context;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "supervisor-readiness");
                    thread.setDaemon(true);
                    return thread;
                });
        this.serial = executor;
        this.tracker = new ReadinessTracker(executor, this::register);
    }

    @Reference(service = SupervisorRuntime.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedSupervisor")
    void bindSupervisor(SupervisorRuntime runtime, Map<String, Object> properties) {
        long key = (Long) properties.get("service.id");
        Object property = properties.get(SupervisorConstants.NAME);
        String name = property instanceof String text && !text.isBlank() ? text : runtime.name();
        StatusListener listener = tracker.add(key, name, runtime);
        bound.put(key, new Bound(runtime, listener));
        runtime.addListener(listener);
    }

    /**
     * Its service properties changed, as when its configuration was updated (which is how a supervisor
     * that ended starts again, possibly with no service to send an event): evaluate it again.
     */
    void updatedSupervisor(SupervisorRuntime runtime, Map<String, Object> properties) {
        try {
            tracker.refresh((Long) properties.get("service.id"));
        } catch (RejectedExecutionException deactivated) {
            // deactivation withdrew every condition already
        }
    }

    void unbindSupervisor(SupervisorRuntime runtime, Map<String, Object> properties) {
        long key = (Long) properties.get("service.id");
        Bound gone = bound.remove(key);
        if (gone != null) {
            gone.runtime.removeListener(gone.listener);
            try {
                tracker.remove(key);
            } catch (RejectedExecutionException deactivated) {
                // deactivation withdrew every condition already
            }
        }
    }

    /** Removes every listener, withdraws every condition, and waits for the readiness thread to end. */
    @Deactivate
    void deactivate() throws InterruptedException {
        for (Long key : bound.keySet()) {
            Bound gone = bound.remove(key);
            if (gone != null) {
                gone.runtime.removeListener(gone.listener);
            }
        }
        tracker.clear();
        serial.shutdown();
        serial.awaitTermination(10, TimeUnit.SECONDS);
    }

    private Registrar.Registration register(String conditionId, String supervisor) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Condition.CONDITION_ID, conditionId);
        if (supervisor != null) {
            properties.put(SupervisorConstants.NAME, supervisor);
        }
        ServiceRegistration<Condition> registration = context.registerService(Condition.class, Condition.INSTANCE,
                properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle stopped, which unregistered it
            }
        };
    }
}
