package supervisor.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import supervisor.api.Reason;
import supervisor.api.Service;
import supervisor.api.Supervisor;
import supervisor.api.SupervisorDescription;
import supervisor.api.ServiceContext;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorRuntime;
import supervisor.api.SupervisorConstants;
import supervisor.itest.bundles.worker.Worker;

/** The whiteboard: services and listeners come and go, and the default supervisor follows. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WhiteboardIT extends OsgiTestSupport {

    @Inject
    @Filter("(supervisor.name=default)")
    SupervisorRuntime supervisor;

    @Configuration
    public Option[] config() {
        return framework("whiteboard", fixturesBundle());
    }

    @Test
    public void registeredService_runsUntilUnregistered_whoseReturnFindsItsThreadEnded() {
        Probe probe = new Probe();
        ServiceRegistration<Service> registration = register(probe, SupervisorConstants.NAME, "probe");
        waitUp().until(() -> probe.thread() != null && isRunning(supervisor, "probe"));
        Thread thread = probe.thread();

        registration.unregister();

        assertFalse("the service's thread is still alive", thread.isAlive());
        assertEquals(Optional.empty(), supervisor.status("probe"));
        assertEquals(1, probe.runs());
    }

    @Test
    public void registeredService_runsWithItsBundlesClassLoaderAsContextClassLoader() {
        Probe probe = new Probe();
        register(probe, SupervisorConstants.NAME, "loader-probe");
        waitUp().until(() -> probe.contextClassLoader() != null);

        ClassLoader probeBundleLoader = FrameworkUtil.getBundle(OsgiTestSupport.class).adapt(BundleWiring.class).getClassLoader();
        assertSame(probeBundleLoader, probe.contextClassLoader());
    }

    @Test
    public void serviceWithoutNameProperties_isNamedAfterItsClass() {
        Probe probe = new Probe();
        register(probe);

        waitUp().until(() -> isRunning(supervisor, "supervisor.itest.Probe"));
    }

    @Test
    public void twoServicesOfOneName_bothRun_theLaterWithItsServiceId() {
        register(new Probe(), SupervisorConstants.NAME, "twin");
        waitUp().until(() -> isRunning(supervisor, "twin"));
        ServiceRegistration<Service> second = register(new Probe(), SupervisorConstants.NAME, "twin");
        long secondId = (Long) second.getReference().getProperty(Constants.SERVICE_ID);

        waitUp().until(() -> isRunning(supervisor, "twin#" + secondId));
        assertTrue(isRunning(supervisor, "twin"));
        LogEntry entry = awaitLog(e -> e.getMessage().contains("a service named 'twin'"));
        assertEquals("supervisor 'default': a service named 'twin' is already supervised, so service.id " + secondId
                + " runs as 'twin#" + secondId + "'", entry.getMessage());
        assertEquals(LogLevel.WARN, entry.getLogLevel());
    }

    @Test
    public void bundleThatStops_takesItsServicesDown_beforeStopReturns() throws Exception {
        Bundle fixtures = installed("supervisor.itest.bundles");
        assertEquals(Bundle.ACTIVE, fixtures.getState());
        try {
            Worker worker = service(Worker.class, null);
            waitUp().until(() -> worker.thread() != null && isRunning(supervisor, "worker"));
            // component.name is the fallback name; ping and pong belong to another group
            waitUp().until(() -> isRunning(supervisor, "unnamed-worker"));
            assertEquals(Optional.empty(), supervisor.status("ping"));
            assertSame(fixtures.adapt(BundleWiring.class).getClassLoader(), worker.contextClassLoader());
            Thread thread = worker.thread();

            fixtures.stop();

            assertFalse("the stopped bundle's service thread is still alive", thread.isAlive());
            assertEquals(Optional.empty(), supervisor.status("worker"));
            assertEquals(Optional.empty(), supervisor.status("unnamed-worker"));
            assertEquals(1, worker.runs());
        } finally {
            fixtures.stop();
        }
    }

    @Test
    public void listenerRegisteredLate_firstReceivesTheCurrentSnapshot_thenChanges() {
        ServiceRegistration<Service> observed = register(new Probe(), SupervisorConstants.NAME, "observed");
        waitUp().until(() -> isRunning(supervisor, "observed"));
        Recorder recorder = new Recorder();

        registerAs(StatusListener.class, recorder);

        waitUp().until(() -> recorder.size() >= 1);
        StatusEvent first = recorder.events().get(0);
        assertEquals(StatusEvent.Kind.CURRENT, first.kind());
        StatusUpdate current = first.snapshot().stream().filter(u -> u.serviceName().equals("observed")).findFirst().orElseThrow();
        assertEquals(Status.RUNNING, current.status());
        assertEquals(supervisor.status("observed").orElseThrow(), current);

        observed.unregister();

        waitUp().until(() -> recorder.events().stream().anyMatch(e -> e.kind() == StatusEvent.Kind.REMOVED));
        List<StatusEvent> events = recorder.events();
        StatusEvent removed = events.stream().filter(e -> e.kind() == StatusEvent.Kind.REMOVED).findFirst().orElseThrow();
        assertEquals("observed", removed.update().serviceName());
        assertEquals(List.of(), names(removed.snapshot()).stream().filter("observed"::equals).toList());
    }

    @Test
    public void serviceThatIgnoresCancellation_isReportedByNameWithWhereItIsStuck_afterTheShutdownTimeout()
            throws Exception {
        configureDefault("PT1S", "PT0.2S");
        try {
            Stubborn stubborn = new Stubborn();
            ServiceRegistration<Service> registration = register(stubborn, SupervisorConstants.NAME, "stubborn");
            long id = (Long) registration.getReference().getProperty(Constants.SERVICE_ID);
            waitUp().until(() -> stubborn.thread != null && isRunning(supervisor, "stubborn"));

            long start = System.nanoTime();
            registration.unregister();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue("unregister returned after " + took, took.compareTo(Duration.ofMillis(200)) >= 0);
            assertTrue("unregister returned after " + took, took.compareTo(Duration.ofSeconds(5)) < 0);
            assertTrue(stubborn.thread.isAlive());
            LogEntry entry = awaitLog(e -> e.getMessage().startsWith("supervisor 'default': service 'stubborn'"));
            assertEquals(LogLevel.WARN, entry.getLogLevel());
            assertTrue(entry.getMessage(), entry.getMessage().startsWith("supervisor 'default': service 'stubborn' did not"
                    + " stop within PT0.2S of being cancelled and was removed while still running"));
            assertEquals(1, logged.stream().filter(e -> e.getMessage().contains("'stubborn' did not stop")
                    || e.getMessage().contains("'stubborn' (service.id " + id + ") did not stop")).count());
            assertTrue(entry.getMessage(), entry.getMessage().contains("supervisor.itest.WhiteboardIT$Stubborn.run("));
            assertEquals(Optional.empty(), supervisor.status("stubborn"));

            stubborn.release.countDown();
            stubborn.thread.join(PATIENCE.toMillis());
            assertFalse(stubborn.thread.isAlive());
        } finally {
            configureDefault("PT1S", "PT10S");
        }
    }

    @Test
    public void supervisorService_isRegisteredAsSupervisorRuntimeOnly_namedDefault() {
        ServiceReference<SupervisorRuntime> reference = context.getServiceReference(SupervisorRuntime.class);
        assertNotNull(reference);
        assertEquals("default", reference.getProperty(SupervisorConstants.NAME));
        assertArrayEquals(new String[] {SupervisorRuntime.class.getName()},
                (String[]) reference.getProperty(Constants.OBJECTCLASS));
        assertNull(context.getServiceReference(Supervisor.class));
        assertFalse(supervisor instanceof Supervisor);
    }

    /** Nothing registered throws UnsupportedOperationException: every method of the registered runtime answers. */
    @Test
    public void everyMethodOfTheRegisteredRuntime_answers() {
        Probe probe = new Probe();
        register(probe, SupervisorConstants.NAME, "every-method");
        waitUp().until(() -> isRunning(supervisor, "every-method"));

        assertEquals("default", supervisor.name());
        assertTrue(names(supervisor.statuses()).contains("every-method"));
        assertEquals(Status.RUNNING, supervisor.status("every-method").orElseThrow().status());
        assertFalse(supervisor.history("every-method").isEmpty());
        assertNotNull(supervisor.policy("every-method"));
        Recorder recorder = new Recorder();
        supervisor.addListener(recorder);
        waitUp().until(() -> recorder.size() > 0);
        assertTrue(supervisor.removeListener(recorder));
        SupervisorDescription description = supervisor.describe();
        assertEquals("default", description.name());
        assertTrue(description.services().stream().anyMatch(s -> s.name().equals("every-method")));
        assertTrue(supervisor.stop("every-method"));
        assertTrue(supervisor.start("every-method"));
        waitUp().until(() -> probe.runs() == 2 && isRunning(supervisor, "every-method"));
        supervisor.restart("every-method");
        waitUp().until(() -> probe.runs() == 3 && isRunning(supervisor, "every-method"));
    }

    @Test
    public void supervisorService_stopsAndStartsAWhiteboardServiceByName_andListsTheKnownNamesForAnUnknownOne() {
        Probe probe = new Probe();
        register(probe, SupervisorConstants.NAME, "manual");
        waitUp().until(() -> probe.thread() != null && isRunning(supervisor, "manual"));
        Thread firstRun = probe.thread();

        assertTrue(supervisor.stop("manual"));

        // stop returns once the run has ended; the service stays stopped, still supervised
        assertFalse(firstRun.isAlive());
        StatusUpdate stopped = supervisor.status("manual").orElseThrow();
        assertEquals(Status.STOPPED, stopped.status());
        assertEquals(Reason.STOPPED_BY_REQUEST, stopped.reason());
        assertNull(stopped.nextRestart());
        assertEquals(1, probe.runs());

        assertTrue(supervisor.start("manual"));

        waitUp().until(() -> probe.runs() == 2 && isRunning(supervisor, "manual"));
        assertEquals(List.of(Status.IDLE, Status.RUNNING, Status.STOPPED, Status.IDLE, Status.RUNNING),
                supervisor.history("manual").stream().map(StatusUpdate::status).toList());
        assertFalse(supervisor.start("manual")); // already running

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> supervisor.stop("nobody"));
        assertEquals("supervisor 'default' has no service named 'nobody'; its services are "
                + names(supervisor.statuses()).stream().sorted().toList(), unknown.getMessage());
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("manual"));
    }

    /** Ignores cancellation and interrupts until released. */
    static final class Stubborn implements Service {
        final CountDownLatch release = new CountDownLatch(1);
        volatile Thread thread;

        @Override
        public void run(ServiceContext context) {
            thread = Thread.currentThread();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // stubborn
                }
            }
        }
    }
}
