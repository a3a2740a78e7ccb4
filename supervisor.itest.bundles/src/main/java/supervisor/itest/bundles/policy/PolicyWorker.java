package supervisor.itest.bundles.policy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import supervisor.annotations.RestartPolicy;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.annotations.SupervisedService;

/**
 * A service with a restart policy of its own, written with {@link RestartPolicy}: restarts 20 ms
 * after a run ends, at most once a minute. It exists only while its configuration (PID
 * {@value #PID}) does, so the other tests never see it; its property {@code ends} says how many
 * runs of each activation end at once (default 0: every run lasts until cancelled). Its package is
 * private, so the tests can update and refresh this bundle without refreshing themselves.
 */
@Component(name = "policy-worker", configurationPid = PolicyWorker.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Service.class)
@SupervisedService(name = "policy-worker")
@RestartPolicy(min_delay = "PT0.02S", max_restarts = 1, window = "PT1M")
public final class PolicyWorker implements Service {

    /** The configuration PID. */
    public static final String PID = "supervisor.itest.policy";

    private final int ends;
    private final AtomicInteger runs = new AtomicInteger();

    /** Called by Declarative Services with the configuration. */
    @Activate
    public PolicyWorker(Map<String, Object> properties) {
        Object value = properties.get("ends");
        ends = value == null ? 0 : Integer.parseInt(value.toString());
    }

    @Override
    public void run(ServiceContext context) throws InterruptedException {
        if (runs.incrementAndGet() <= ends) {
            return;
        }
        context.awaitCancellation();
    }
}
