package supervisor.itest;

import java.util.Collection;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.condition.Condition;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;
import supervisor.itest.bundles.ready.ReadyGate;

/**
 * The readiness conditions in a real framework: {@code supervisor.ready.<name>} and
 * {@code supervisor.ready} come when every service has run, go when one gives up, come back when
 * it is gone; a component that references {@code supervisor.ready} activates only then. (A new
 * service holds readiness back until it has run, so the gate may also flicker when one is added.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReadinessIT extends OsgiTestSupport {

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return framework("readiness", shellAndConditionBundles(), fixturesBundle());
    }

    private boolean condition(String id) throws Exception {
        Collection<ServiceReference<Condition>> found = context.getServiceReferences(Condition.class,
                "(" + Condition.CONDITION_ID + "=" + id + ")");
        return !found.isEmpty();
    }

    private boolean gateActive() {
        return context.getServiceReference(ReadyGate.class) != null;
    }

    @Test
    public void serviceGivesUp_conditionsGoAndComeBackWhenItIsRemoved() throws Exception {
        SupervisorRuntime supervisor = supervisor(SupervisorConstants.DEFAULT_SUPERVISOR_NAME);
        waitUp().until(() -> condition("supervisor.ready.default") && condition("supervisor.ready") && gateActive());

        Service failing = context -> {
            throw new IllegalStateException("always fails");
        };
        ServiceRegistration<Service> registration = register(failing, SupervisorConstants.NAME, "doomed",
                SupervisorConstants.MIN_DELAY, "1", SupervisorConstants.MAX_DELAY, "1",
                SupervisorConstants.MAX_RESTARTS, "1", SupervisorConstants.WINDOW, "PT1M");
        waitUp().until(() -> supervisor.status("doomed").map(u -> u.status() == Status.GAVE_UP).orElse(false));
        waitUp().until(() -> !condition("supervisor.ready.default") && !condition("supervisor.ready") && !gateActive());
        int activations = ReadyGate.ACTIVATIONS.get();

        registration.unregister();
        waitUp().until(() -> condition("supervisor.ready.default") && condition("supervisor.ready") && gateActive());
        // SCR registers an immediate component's service just before it constructs it
        waitUp().until(() -> ReadyGate.ACTIVATIONS.get() == activations + 1);
    }

    @Test
    public void factorySupervisorWithoutServices_isReadyOnceRunning() throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(SupervisorConstants.FACTORY_PID, "idle", "?");
        configuration.update(dictionary(SupervisorConstants.NAME, "idle",
                SupervisorConstants.SERVICES_TARGET, "(" + SupervisorConstants.GROUP + "=idle)"));
        try {
            waitUp().until(() -> condition("supervisor.ready.idle") && condition("supervisor.ready"));
        } finally {
            configuration.delete();
        }
        waitUp().until(() -> !condition("supervisor.ready.idle") && condition("supervisor.ready.default"));
    }
}
