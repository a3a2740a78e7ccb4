package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import supervisor.api.Reason;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/**
 * Bundles stopped, updated, refreshed and uninstalled while their services fail in a loop: the
 * test bundle's {@code failing-service} components (three of them, one spinning in its own code
 * before it throws) fail every run and are restarted every 5 ms by the default supervisor, beside
 * two bystanders of the test's own bundle, one running throughout and one ending a run every 10 ms.
 * Each test checks that the supervisor survives, that the bystanders keep running and that their
 * listener got every update one by one, in order, and that once the bundle is gone (stopped,
 * uninstalled, or replaced by a new revision) no thread runs its code and no thread named after its
 * services is alive, within the shutdown timeout. Before each fault the same thread dump is seen to
 * find the failing services' threads, so its finding none after is a finding.
 *
 * <p>The test never loads a class of the test bundle: were it wired to that bundle, refreshing the
 * bundle would refresh the test too.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleFaultIT extends OsgiTestSupport {

    private static final String FIXTURES = "supervisor.itest.bundles";
    /** The factory PID of the test bundle's failing-service component. */
    private static final String FAILING_PID = "supervisor.itest.failing";
    /** The package of the failing-service component: a frame of it in a thread dump is the test bundle's code. */
    private static final String FAULTY_CODE = "supervisor.itest.bundles.faulty.";
    private static final List<String> FAILING = List.of("failing-1", "failing-2", "failing-spin");
    private static final String STEADY = "bystander";
    private static final String CYCLER = "bystander-cycler";
    private static final Duration RESTART_INTERVAL = Duration.ofMillis(5);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    /** How many failed runs each failing service shows before and after a fault is injected. */
    private static final int FAILURES = 20;

    @Inject
    @Filter("(supervisor.name=default)")
    SupervisorRuntime supervisor;

    private final List<Configuration> failing = new ArrayList<>();
    private final BystanderRecorder recorder = new BystanderRecorder(Set.of(STEADY, CYCLER));
    private final Probe steady = new Probe();
    private final Cycler cycler = new Cycler();
    private long supervisorServiceId;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return framework("bundlefault", fixturesBundle());
    }

    /**
     * The default supervisor restarts every 5 ms; the test bundle is active; the bystanders run
     * (the cycler has ended a few runs) and the three failing services have failed 20 times each.
     */
    @Before
    public void failInALoopBesideTheBystanders() throws Exception {
        configureDefault(RESTART_INTERVAL.toString(), SHUTDOWN_TIMEOUT.toString());
        Bundle fixtures = fixtures();
        if (fixtures.getState() != Bundle.ACTIVE) {
            fixtures.start();
        }
        supervisorServiceId = supervisorServiceId();
        registerAs(StatusListener.class, recorder);
        register(steady, SupervisorConstants.NAME, STEADY);
        register(cycler, SupervisorConstants.NAME, CYCLER);
        for (String name : FAILING) {
            Configuration configuration = configAdmin.getFactoryConfiguration(FAILING_PID, name, "?");
            configuration.update(dictionary(SupervisorConstants.NAME, name, "spin.millis", name.endsWith("spin") ? "2" : "0"));
            failing.add(configuration);
        }
        waitUp().until(() -> isRunning(supervisor, STEADY) && cycler.runs.get() >= 3);
        awaitFailingAgain(FAILURES, null);
        // what the tests look for after the fault is there before it: the dump sees the failing services' threads
        waitUp().until(() -> !ThreadDump.take().runningCodeOf(FAULTY_CODE).isEmpty());
        waitUp().until(() -> !ThreadDump.take().namedFor(supervisor.name(), FAILING).isEmpty());
    }

    @After
    public void removeTheFailingServicesAndRestoreTheBundle() throws Exception {
        for (Configuration configuration : failing) {
            configuration.delete();
        }
        Bundle fixtures = find(FIXTURES);
        if (fixtures == null) {
            fixtures = context.installBundle(builtJar("supervisor.itest.bundles.jar"));
        }
        if (fixtures.getState() != Bundle.ACTIVE) {
            fixtures.start();
        }
    }

    @Test
    public void bundleStopped_whileItsServicesFailInALoop_leavesNoThreadOfItsCode_andTheBystandersMissNothing()
            throws Exception {
        StatusUpdate steadyBefore = supervisor.status(STEADY).orElseThrow();
        int cyclesBefore = cycler.runs.get();

        Duration gone = timed(() -> fixtures().stop());

        awaitNoThreadOfTheFailingServices("stopped", gone);
        FAILING.forEach(name -> assertEquals(name, Optional.empty(), supervisor.status(name)));
        assertBystandersMissedNothing(steadyBefore, cyclesBefore);
    }

    @Test
    public void bundleUninstalled_whileItsServicesFailInALoop_leavesNoThreadOfItsCode_andTheBystandersMissNothing()
            throws Exception {
        StatusUpdate steadyBefore = supervisor.status(STEADY).orElseThrow();
        int cyclesBefore = cycler.runs.get();

        Duration gone = timed(() -> fixtures().uninstall());

        awaitNoThreadOfTheFailingServices("uninstalled", gone);
        FAILING.forEach(name -> assertEquals(name, Optional.empty(), supervisor.status(name)));
        assertEquals("bundles named " + FIXTURES, null, find(FIXTURES));
        assertBystandersMissedNothing(steadyBefore, cyclesBefore);
    }

    /**
     * Updated and refreshed twice, then refreshed alone: after each round no thread of the old
     * revision is alive (a service's thread has its bundle's class loader as context class loader
     * while it runs), and the failing services fail again, from the new revision's code.
     */
    @Test
    public void bundleUpdatedAndRefreshed_whileItsServicesFailInALoop_leavesNoThreadOfTheOldRevision_andTheBystandersMissNothing()
            throws Exception {
        StatusUpdate steadyBefore = supervisor.status(STEADY).orElseThrow();
        int cyclesBefore = cycler.runs.get();

        for (int round = 1; round <= 3; round++) {
            Bundle fixtures = fixtures();
            ClassLoader oldLoader = fixtures.adapt(BundleWiring.class).getClassLoader();
            String oldRevision = String.valueOf(fixtures.adapt(BundleRevision.class));
            waitUp().until(() -> !ThreadDump.take().filter((thread, stack) -> thread.getContextClassLoader() == oldLoader).isEmpty());
            if (round <= 2) {
                fixtures.update();
            }
            refresh(fixtures);

            ClassLoader newLoader = fixtures.adapt(BundleWiring.class).getClassLoader();
            String newRevision = String.valueOf(fixtures.adapt(BundleRevision.class));
            assertNotEquals("round " + round, oldLoader, newLoader);
            if (round <= 2) {
                assertNotEquals("round " + round, oldRevision, newRevision);
            }
            waitUp().atMost(SHUTDOWN_TIMEOUT).untilAsserted(() -> assertEquals("threads of the old revision",
                    "[]", ThreadDump.take().filter((thread, stack) -> thread.getContextClassLoader() == oldLoader).toString()));
            awaitFailingAgain(FAILURES, newRevision);
        }
        assertBystandersMissedNothing(steadyBefore, cyclesBefore);
    }

    // ---- the faults' outcomes ---------------------------------------------------------------------

    /**
     * Waits until each failing service has failed at least {@code times} times in a row since it was
     * last registered (restart count, error), from the given revision's code if not null.
     */
    private void awaitFailingAgain(int times, String revision) {
        waitUp().untilAsserted(() -> {
            for (String name : FAILING) {
                StatusUpdate now = supervisor.status(name).orElseThrow(() -> new AssertionError("no status of " + name));
                assertTrue(name + ": " + now, now.restartCount() >= times);
                StatusUpdate failure = supervisor.history(name).stream().filter(u -> u.status() == Status.ERROR)
                        .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no ERROR of " + name));
                assertEquals(IllegalStateException.class, failure.error().getClass());
                assertTrue(failure.error().getMessage(), failure.error().getMessage().startsWith("failing on purpose: run "));
                if (revision != null) {
                    assertTrue(failure.error().getMessage(), failure.error().getMessage().endsWith(" of revision " + revision));
                }
            }
        });
    }

    /**
     * Waits, at most the shutdown timeout after the bundle went, until no live thread has a frame of
     * the failing services' code or is named after one of them.
     */
    private void awaitNoThreadOfTheFailingServices(String how, Duration sinceGone) {
        System.out.println("BundleFaultIT: the bundle was " + how + " in " + sinceGone.toMillis() + " ms; "
                + "threads of its code or named after its services left when that returned: "
                + ThreadDump.take().runningCodeOf(FAULTY_CODE).size() + " / "
                + ThreadDump.take().namedFor(supervisor.name(), FAILING).size());
        waitUp().atMost(SHUTDOWN_TIMEOUT).untilAsserted(() -> {
            ThreadDump dump = ThreadDump.take();
            assertEquals("threads running the stopped bundle's code", "[]", dump.runningCodeOf(FAULTY_CODE).toString());
            assertEquals("threads named after its services", "[]", dump.namedFor(supervisor.name(), FAILING).toString());
        });
    }

    /**
     * The supervisor is the one it was and still supervises (a new service runs); the steady
     * bystander kept its one run and its update; the cycler went on ending and starting runs, and
     * its listener got each of their updates one by one, in order, none missed; both show no failure.
     */
    private void assertBystandersMissedNothing(StatusUpdate steadyBefore, int cyclesBefore) throws Exception {
        assertEquals(supervisorServiceId, supervisorServiceId());
        assertEquals(SupervisorDescription.State.RUNNING, supervisor.describe().state());
        Probe after = new Probe();
        register(after, SupervisorConstants.NAME, "registered-after-the-fault");
        waitUp().until(() -> isRunning(supervisor, "registered-after-the-fault"));

        assertEquals(steadyBefore, supervisor.status(STEADY).orElseThrow());
        assertEquals(1, steady.runs());
        assertTrue(steady.thread().isAlive());

        waitUp().until(() -> cycler.runs.get() >= cyclesBefore + 3);
        assertTrue(supervisor.stop(CYCLER));
        StatusUpdate stopped = supervisor.status(CYCLER).orElseThrow();
        assertEquals(Status.STOPPED, stopped.status());
        assertEquals(Reason.STOPPED_BY_REQUEST, stopped.reason());
        waitUp().until(() -> recorder.hasSeen(stopped));

        assertEquals("updates the listener did not get one by one", 0, recorder.missed.get());
        assertEquals("CURRENT events after the first", 1, recorder.currents.get());
        assertEquals(List.of(Status.IDLE, Status.RUNNING), recorder.updates(STEADY).stream().map(StatusUpdate::status).toList());
        List<StatusUpdate> cycles = recorder.updates(CYCLER);
        assertEveryRunInOrder(cycles, cycler.runs.get());
        // the latest ones are exactly the supervisor's history of it (its history keeps the latest 10)
        List<StatusUpdate> history = supervisor.history(CYCLER);
        List<StatusUpdate> heard = recorder.updates(CYCLER, true);
        assertEquals(history, heard.subList(heard.size() - history.size(), heard.size()));
        assertEquals(List.of(), cycles.stream().filter(u -> u.status().isFailure()).toList());
    }

    /**
     * Each run shows IDLE, RUNNING and its end (STOPPED), in that order, with the restart count of
     * its IDLE one more than the run before; the last may be IDLE and STOPPED only, if the stop came
     * before its thread began. {@code runs} runs began.
     */
    private static void assertEveryRunInOrder(List<StatusUpdate> updates, int runs) {
        int began = 0;
        int index = 0;
        for (int run = 0; index < updates.size(); run++) {
            String where = "run " + run + " in " + updates;
            assertEquals(where, Status.IDLE, updates.get(index).status());
            assertEquals(where, run, updates.get(index).restartCount());
            boolean ran = index + 1 < updates.size() && updates.get(index + 1).status() == Status.RUNNING;
            List<StatusUpdate> all = updates.subList(index, Math.min(updates.size(), index + (ran ? 3 : 2)));
            assertEquals(where, ran ? List.of(Status.IDLE, Status.RUNNING, Status.STOPPED) : List.of(Status.IDLE, Status.STOPPED),
                    all.stream().map(StatusUpdate::status).toList());
            assertEquals(where, List.of(run), all.stream().map(StatusUpdate::restartCount).distinct().toList());
            if (!ran) {
                assertEquals(where, updates.size(), index + 2); // only the last run can have ended before it began
            }
            began += ran ? 1 : 0;
            index += all.size();
        }
        assertEquals(updates.toString(), runs, began);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private Bundle fixtures() {
        Bundle found = find(FIXTURES);
        if (found == null) {
            throw new AssertionError("no bundle " + FIXTURES);
        }
        return found;
    }

    private Bundle find(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private long supervisorServiceId() throws Exception {
        ServiceReference<?>[] references = context.getServiceReferences(SupervisorRuntime.class.getName(),
                "(" + SupervisorConstants.NAME + "=default)");
        assertEquals(1, references.length);
        return (Long) references[0].getProperty(Constants.SERVICE_ID);
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> refreshed.countDown());
        assertTrue("refresh did not finish", refreshed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    private interface Action {
        void run() throws Exception;
    }

    private static Duration timed(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Ends each run normally after 10 ms (the supervisor restarts it 5 ms later); counts its runs. */
    static final class Cycler implements Service {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run(ServiceContext context) throws InterruptedException {
            runs.incrementAndGet();
            context.awaitCancellation(Duration.ofMillis(10));
        }
    }

    /**
     * Keeps the CHANGED and REVISED updates of some services, in order, and counts, over every
     * event, the updates not received one by one and the CURRENT events. Cheap for the events it
     * drops: the failing services make hundreds a second.
     */
    static final class BystanderRecorder implements StatusListener {
        private final Set<String> names;
        private final List<StatusEvent> kept = new ArrayList<>(); // guarded by itself
        final AtomicLong missed = new AtomicLong();
        final AtomicInteger currents = new AtomicInteger();

        BystanderRecorder(Set<String> names) {
            this.names = names;
        }

        @Override
        public void onStatusChange(StatusEvent event) {
            missed.addAndGet(event.missed());
            if (event.kind() == StatusEvent.Kind.CURRENT) {
                currents.incrementAndGet();
            }
            if ((event.kind() == StatusEvent.Kind.CHANGED || event.kind() == StatusEvent.Kind.REVISED)
                    && names.contains(event.update().serviceName())) {
                synchronized (kept) {
                    kept.add(event);
                }
            }
        }

        /** The updates of one service from its CHANGED events: its status changes. */
        List<StatusUpdate> updates(String name) {
            return updates(name, false);
        }

        /** The updates of one service from its CHANGED and REVISED events: what its history records. */
        List<StatusUpdate> updates(String name, boolean revisionsToo) {
            synchronized (kept) {
                return kept.stream().filter(e -> revisionsToo || e.kind() == StatusEvent.Kind.CHANGED)
                        .map(StatusEvent::update).filter(update -> update.serviceName().equals(name)).toList();
            }
        }

        boolean hasSeen(StatusUpdate update) {
            synchronized (kept) {
                return kept.stream().anyMatch(e -> e.update().equals(update));
            }
        }
    }
}
