package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import supervisor.api.RefusedRegistration;
import supervisor.api.RefusedRegistration.Cause;
import supervisor.api.Service;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * Several factory supervisors in one framework: each carries its own name in its threads, log lines
 * and events; {@code describe()} lists what each refused and why; the test bundle requires the
 * implementation capability the impl bundle provides.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NamedSupervisorsIT extends OsgiTestSupport {

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return framework("named", fixturesBundle());
    }

    private Configuration factorySupervisor(String name, Object... keyValues) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(SupervisorConstants.FACTORY_PID, name, "?");
        Object[] all = new Object[keyValues.length + 2];
        all[0] = SupervisorConstants.NAME;
        all[1] = name;
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        configuration.update(dictionary(all));
        return configuration;
    }

    private Configuration groupSupervisor(String name) throws Exception {
        String filter = "(" + SupervisorConstants.GROUP + "=" + name + ")";
        return factorySupervisor(name, SupervisorConstants.SERVICES_TARGET, filter,
                SupervisorConstants.LISTENERS_TARGET, filter);
    }

    /** Keeps every event, and the name of the thread each came on. */
    static final class ThreadRecorder implements StatusListener {
        final List<StatusEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onStatusChange(StatusEvent event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }
    }

    @Test
    public void twoFactorySupervisors_eachShowItsNameInThreadsLogsAndEvents() throws Exception {
        Configuration alphaConfig = groupSupervisor("alpha");
        Configuration betaConfig = groupSupervisor("beta");
        try {
            SupervisorRuntime alpha = supervisor("alpha");
            SupervisorRuntime beta = supervisor("beta");
            ThreadRecorder alphaHeard = new ThreadRecorder();
            ThreadRecorder betaHeard = new ThreadRecorder();
            registerAs(StatusListener.class, alphaHeard, SupervisorConstants.GROUP, "alpha");
            registerAs(StatusListener.class, betaHeard, SupervisorConstants.GROUP, "beta");
            Probe a = new Probe();
            Probe b = new Probe();
            StatusListener failing = event -> {
                throw new IllegalStateException("listener fails on purpose");
            };
            registerAs(StatusListener.class, failing, SupervisorConstants.GROUP, "alpha");
            registerAs(StatusListener.class, failing, SupervisorConstants.GROUP, "beta");
            register(a, SupervisorConstants.NAME, "worker", SupervisorConstants.GROUP, "alpha");
            register(b, SupervisorConstants.NAME, "worker", SupervisorConstants.GROUP, "beta");

            waitUp().until(() -> isRunning(alpha, "worker") && isRunning(beta, "worker") && a.thread() != null
                    && b.thread() != null);
            waitUp().until(() -> alphaHeard.events.stream().anyMatch(e -> e.kind() == StatusEvent.Kind.CHANGED)
                    && betaHeard.events.stream().anyMatch(e -> e.kind() == StatusEvent.Kind.CHANGED));

            // the adapter's own Log Service lines
            awaitLog(e -> e.getMessage().startsWith("supervisor 'alpha' started (restart.interval="));
            awaitLog(e -> e.getMessage().startsWith("supervisor 'beta' started (restart.interval="));
            // the engine's own lines, through the Log Service
            awaitLog(e -> e.getMessage().startsWith("supervisor 'alpha': status listener " + failing + " failed"));
            awaitLog(e -> e.getMessage().startsWith("supervisor 'beta': status listener " + failing + " failed"));
            // events
            assertTrue(alphaHeard.events.stream().allMatch(e -> e.supervisor().equals("alpha")));
            assertTrue(betaHeard.events.stream().allMatch(e -> e.supervisor().equals("beta")));
            // threads: the engine names them
            assertEquals("alpha/worker", a.thread().getName());
            assertEquals("beta/worker", b.thread().getName());
            assertTrue(alphaHeard.threads.toString(), alphaHeard.threads.stream().allMatch(t -> t.startsWith("alpha-listener-")));
            assertTrue(betaHeard.threads.toString(), betaHeard.threads.stream().allMatch(t -> t.startsWith("beta-listener-")));
        } finally {
            deleteSupervisor(alphaConfig);
            deleteSupervisor(betaConfig);
        }
    }

    @Test
    public void describe_listsARegistrationClaimedByAnotherSupervisor_andAFilterMismatch() throws Exception {
        Configuration firstConfig = factorySupervisor("first", SupervisorConstants.SERVICES_TARGET, "(supervisor.group=shared)");
        Configuration secondConfig = null;
        try {
            SupervisorRuntime first = supervisor("first");
            ServiceRegistration<Service> shared = register(new Probe(), SupervisorConstants.NAME, "shared",
                    SupervisorConstants.GROUP, "shared");
            long sharedId = (Long) shared.getReference().getProperty(Constants.SERVICE_ID);
            waitUp().until(() -> isRunning(first, "shared"));
            String secondFilter = "(|(supervisor.group=shared)(supervisor.group=second))";
            secondConfig = factorySupervisor("second", SupervisorConstants.SERVICES_TARGET, secondFilter);
            SupervisorRuntime second = supervisor("second");
            ServiceRegistration<Service> elsewhere = register(new Probe(), SupervisorConstants.NAME, "elsewhere",
                    SupervisorConstants.GROUP, "third");
            long elsewhereId = (Long) elsewhere.getReference().getProperty(Constants.SERVICE_ID);

            waitUp().until(() -> refusal(second, sharedId) != null && refusal(second, elsewhereId) != null);

            RefusedRegistration claimed = refusal(second, sharedId);
            assertEquals(Cause.CLAIMED_BY_ANOTHER, claimed.cause());
            assertEquals("supervisor 'first' runs it already; a service never runs under two supervisors", claimed.detail());
            assertEquals("shared", claimed.name());
            assertEquals(Service.class.getName(), claimed.type());
            assertEquals(context.getBundle().getSymbolicName() + " [" + context.getBundle().getBundleId() + "]",
                    claimed.bundle());
            RefusedRegistration mismatch = refusal(second, elsewhereId);
            assertEquals(Cause.FILTER_MISMATCH, mismatch.cause());
            assertEquals("services.target " + secondFilter + " does not select it", mismatch.detail());
            assertEquals(List.of(), second.statuses());
            assertEquals(List.of(), first.describe().refused().stream().filter(r -> r.serviceId() == sharedId).toList());

            // gone with the registration
            elsewhere.unregister();
            assertEquals(null, refusal(second, elsewhereId));
        } finally {
            deleteSupervisor(firstConfig);
            if (secondConfig != null) {
                deleteSupervisor(secondConfig);
            }
        }
    }

    @Test
    public void invalidSupervisorName_isLoggedNamingTheValue_andTheSupervisorRunsUnderItsPid() throws Exception {
        Configuration bad = configAdmin.getFactoryConfiguration(SupervisorConstants.FACTORY_PID, "badname", "?");
        bad.update(dictionary(SupervisorConstants.NAME, "bad\tname",
                SupervisorConstants.SERVICES_TARGET, "(supervisor.group=badname)"));
        try {
            SupervisorRuntime supervisor = service(SupervisorRuntime.class, "(service.pid=" + bad.getPid() + ")");

            assertEquals(bad.getPid(), supervisor.name());
            awaitLog(e -> e.getMessage().equals("supervisor '" + bad.getPid() + "': supervisor.name = 'bad\tname' is"
                    + " invalid (supervisor name must not contain control characters, was 'bad?name'); expected a"
                    + " supervisor name: not blank, at most 200 characters, no control characters; running as '"
                    + bad.getPid() + "'"));
            Probe probe = new Probe();
            register(probe, SupervisorConstants.NAME, "runs", SupervisorConstants.GROUP, "badname");
            waitUp().until(() -> isRunning(supervisor, "runs"));
        } finally {
            deleteSupervisor(bad);
        }
    }

    @Test
    public void testBundle_requiresTheImplementationCapability_andResolved() {
        String required = installed("supervisor.itest.bundles").getHeaders().get(Constants.REQUIRE_CAPABILITY);
        assertTrue(required, required.contains("osgi.implementation=" + SupervisorConstants.IMPLEMENTATION));
        String provided = installed("supervisor.impl").getHeaders().get(Constants.PROVIDE_CAPABILITY);
        assertTrue(provided, provided.contains("osgi.implementation;osgi.implementation=\""
                + SupervisorConstants.IMPLEMENTATION + "\";version:Version=\"" + SupervisorConstants.IMPLEMENTATION_VERSION
                + "\"") || provided.contains("osgi.implementation;osgi.implementation=" + SupervisorConstants.IMPLEMENTATION
                + ";version:Version=\"" + SupervisorConstants.IMPLEMENTATION_VERSION + "\""));
    }

    private static RefusedRegistration refusal(SupervisorRuntime supervisor, long serviceId) {
        return supervisor.describe().refused().stream().filter(r -> r.serviceId() == serviceId).findFirst().orElse(null);
    }
}
