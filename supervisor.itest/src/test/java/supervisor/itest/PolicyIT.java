package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
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
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import supervisor.api.Reason;
import supervisor.api.RefusedRegistration;
import supervisor.api.ThreadKind;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorRuntime;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;

/**
 * Restart policies in OSGi: per service from service properties (and from {@code @RestartPolicy}
 * on a component of the test bundle), the default policy from ConfigAdmin, live; and a service
 * that goes away because its bundle is updated or its component reconfigured starts afresh.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyIT extends OsgiTestSupport {

    /** The test bundle's component with {@code @RestartPolicy(min_delay = "PT0.02S", max_restarts = 1, window = "PT1M")}. */
    private static final String WORKER = "policy-worker";
    private static final String WORKER_PID = "supervisor.itest.policy";
    private static final Duration MS_50 = Duration.ofMillis(50);
    private static final Duration MS_200 = Duration.ofMillis(200);

    @Inject
    @Filter("(supervisor.name=default)")
    SupervisorRuntime supervisor;

    private final Recorder recorder = new Recorder();

    @Configuration
    public Option[] config() {
        return framework("policy", fixturesBundle());
    }

    @Before
    public void listen() {
        registerAs(StatusListener.class, recorder);
    }

    /** Back to no configuration at all: the default supervisor on its defaults, the test bundle's worker gone. */
    @After
    public void deleteConfigurations() throws Exception {
        configAdmin.getConfiguration(WORKER_PID, "?").delete();
        org.osgi.service.cm.Configuration main = configAdmin.getConfiguration(SupervisorConstants.PID, "?");
        if (main.getProperties() != null) {
            main.delete();
            awaitLog(e -> e.getMessage().equals("supervisor 'default' configured (" + DEFAULTS + ")"));
        }
        waitUp().until(() -> supervisor.status(WORKER).isEmpty());
    }

    private static final String DEFAULTS = "restart.interval=PT1S, shutdown.timeout=PT10S, thread.kind=PLATFORM,"
            + " listener.backlog=1024, services.target=(!(supervisor.group=*)), listeners.target=(!(supervisor.group=*)),"
            + " history.size=10";

    // ---- per-service properties -------------------------------------------------------------------

    @Test
    public void restartNever_runsOnce_andItsLastUpdateSaysWhy() {
        Ender ender = new Ender();
        register(ender, SupervisorConstants.NAME, "once", SupervisorConstants.RESTART, "never");

        settle("once", u -> u.reason() == Reason.RESTART_POLICY);

        StatusUpdate last = supervisor.status("once").orElseThrow();
        assertEquals(Status.STOPPED, last.status());
        assertEquals(Reason.RESTART_POLICY, last.reason());
        assertNull(last.nextRestart());
        assertEquals(0, last.restartCount());
        assertEquals(1, ender.runs.get());
        assertEquals(List.of(Status.IDLE, Status.RUNNING, Status.STOPPED), statuses(recorder.changes("once", 0)));
        assertEquals(last, recorder.changes("once", 0).get(2));
    }

    @Test
    public void changedServiceProperties_applyTheirPolicyFromTheNextEndOfARun_withoutRestartingTheService() {
        Ender ender = new Ender();
        ServiceRegistration<Service> registration = register(ender, SupervisorConstants.NAME, "changing",
                SupervisorConstants.MIN_DELAY, 10);
        waitUp().until(() -> ender.runs.get() >= 2);

        registration.setProperties(dictionary(SupervisorConstants.NAME, "changing", SupervisorConstants.MIN_DELAY, 10,
                SupervisorConstants.RESTART, "NEVER"));

        settle("changing", u -> u.reason() == Reason.RESTART_POLICY);
        StatusUpdate last = supervisor.status("changing").orElseThrow();
        assertEquals(Reason.RESTART_POLICY, last.reason());
        assertEquals(last.restartCount() + 1, ender.runs.get());
        assertEquals(1, recorder.changes("changing", 0).stream().map(StatusUpdate::serviceId).distinct().count());
    }

    @Test
    public void aServiceWhosePropertiesLeaveTheFilter_isStopped_andRunsAgainWhenTheyMatchAgain() {
        ServiceRegistration<Service> registration = register(new Steady(), SupervisorConstants.NAME, "wandering");
        waitUp().until(() -> isRunning(supervisor, "wandering"));

        registration.setProperties(dictionary(SupervisorConstants.NAME, "wandering", SupervisorConstants.GROUP, "elsewhere"));
        waitUp().until(() -> supervisor.status("wandering").isEmpty());

        registration.setProperties(dictionary(SupervisorConstants.NAME, "wandering"));
        waitUp().until(() -> isRunning(supervisor, "wandering"));
        assertEquals(0, supervisor.status("wandering").orElseThrow().restartCount());
    }

    @Test
    public void backoffProperties_delayEachRestartExactlyAsTheBackoffSays() {
        register(new Ender(), SupervisorConstants.NAME, "backing-off",
                SupervisorConstants.MIN_DELAY, 10,                   // a number of milliseconds
                SupervisorConstants.MAX_DELAY, "PT0.08S",            // an ISO-8601 duration
                SupervisorConstants.MULTIPLIER, "2");                // a number as a String

        waitUp().until(() -> recorder.restartDelays("backing-off", 0).size() >= 6);

        assertEquals(List.of(ms(10), ms(20), ms(40), ms(80), ms(80), ms(80)),
                recorder.restartDelays("backing-off", 0).subList(0, 6));
    }

    @Test
    public void restartLimitProperties_giveTheServiceUp_withTheExactReason() {
        Ender ender = new Ender();
        register(ender, SupervisorConstants.NAME, "limited", SupervisorConstants.MIN_DELAY, "5",
                SupervisorConstants.MAX_RESTARTS, 2, SupervisorConstants.WINDOW, "PT1M");

        settle("limited", u -> u.status() == Status.GAVE_UP);

        StatusUpdate last = supervisor.status("limited").orElseThrow();
        assertEquals(Reason.GAVE_UP, last.reason());
        LogEntry warning = awaitLog(e -> e.getMessage().startsWith("supervisor 'default': service 'limited' "));
        // the engine's own line, through the Log Service, starting with the supervisor's name
        assertEquals("supervisor 'default': service 'limited' " + last.detail(), warning.getMessage());
        assertEquals(LogLevel.WARN, warning.getLogLevel());
        assertEquals(2, last.restartCount());
        assertNull(last.nextRestart());
        assertEquals(3, ender.runs.get());
        assertEquals(List.of(ms(5), ms(5)), recorder.restartDelays("limited", 0));
    }

    @Test
    public void invalidServiceProperty_isLoggedNamingServicePropertyValueAndExpectation_andTheServiceRunsInheritingIt() {
        Ender ender = new Ender();
        ServiceRegistration<Service> registration = register(ender, SupervisorConstants.NAME, "jittery",
                SupervisorConstants.JITTER, "lots", SupervisorConstants.RESTART, "NEVER");
        long id = (Long) registration.getReference().getProperty(Constants.SERVICE_ID);

        LogEntry entry = awaitLog(e -> e.getMessage().contains("service 'jittery'"));

        assertEquals(LogLevel.ERROR, entry.getLogLevel());
        assertEquals("supervisor 'default': service 'jittery' (service.id " + id + "): service property supervisor.jitter"
                + " = 'lots' is invalid (not a number); expected a number from 0 (no jitter) to below 1; the service runs"
                + " and inherits this setting", entry.getMessage());
        // it runs, and its valid property applies
        settle("jittery", u -> u.reason() == Reason.RESTART_POLICY);
        assertEquals(Reason.RESTART_POLICY, supervisor.status("jittery").orElseThrow().reason());
        assertEquals(1, ender.runs.get());
        assertEquals(1, logged.stream().filter(e -> e.getMessage().contains("service 'jittery'")).count());
    }

    @Test
    public void threadKindProperty_virtual_runsOnAVirtualThreadWhereThereAreAny_elseIsListedAsInvalid() throws Exception {
        Probe probe = new Probe();
        ServiceRegistration<Service> registration = register(probe, SupervisorConstants.NAME, "kind",
                SupervisorConstants.SERVICE_THREAD_KIND, "virtual");
        long id = (Long) registration.getReference().getProperty(Constants.SERVICE_ID);

        waitUp().until(() -> probe.thread() != null && isRunning(supervisor, "kind"));

        boolean virtual = ThreadKind.virtualThreadsAvailable()
                && (Boolean) Thread.class.getMethod("isVirtual").invoke(probe.thread()); // a Java 21 method
        if (ThreadKind.virtualThreadsAvailable()) {
            assertTrue(virtual);
            assertEquals(java.util.Optional.of(ThreadKind.VIRTUAL), supervisor.policy("kind").threadKind());
        } else {
            assertFalse(virtual);
            RefusedRegistration invalid = supervisor.describe().refused().stream().filter(r -> r.serviceId() == id)
                    .findFirst().orElseThrow();
            assertEquals(RefusedRegistration.Cause.INVALID_PROPERTY, invalid.cause());
            assertTrue(invalid.detail(), invalid.detail().startsWith("service property supervisor.thread.kind ="
                    + " 'virtual' is invalid (this JVM has no virtual threads)"));
        }
    }

    // ---- the default policy from ConfigAdmin --------------------------------------------------------

    @Test
    public void defaultPolicyChangedLive_appliesFromTheNextRestart_andLeavesHealthyServicesRunning() throws Exception {
        configureDefault("PT0.05S", "PT10S");
        Probe steady = new Probe();
        register(steady, SupervisorConstants.NAME, "steady");
        register(new Ender(), SupervisorConstants.NAME, "ender");
        register(new Crasher(), SupervisorConstants.NAME, "crasher");
        waitUp().until(() -> isRunning(supervisor, "steady") && recorder.restartDelays("ender", 0).size() >= 3
                && recorder.restartDelays("crasher", 0).size() >= 3);
        StatusUpdate steadyBefore = supervisor.status("steady").orElseThrow();

        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "PT0.05S",
                SupervisorConstants.CONFIG_RESTART, "ON_FAILURE",
                SupervisorConstants.CONFIG_MAX_DELAY, "PT0.2S",
                SupervisorConstants.CONFIG_MULTIPLIER, "2"));
        awaitLog(e -> e.getMessage().equals("supervisor 'default' configured (restart.interval=PT0.05S, shutdown.timeout=PT10S,"
                + " thread.kind=PLATFORM, listener.backlog=1024, services.target=(!(supervisor.group=*)),"
                + " listeners.target=(!(supervisor.group=*)), history.size=10, restart=ON_FAILURE, max.delay=PT0.2S,"
                + " multiplier=2.0)"));

        // a service whose runs return is no longer restarted once a run ends after the change ...
        settle("ender", u -> u.reason() == Reason.RESTART_POLICY);
        StatusUpdate ender = supervisor.status("ender").orElseThrow();
        assertEquals(Reason.RESTART_POLICY, ender.reason());
        List<Duration> enderDelays = recorder.restartDelays("ender", 0);
        assertEquals(enderDelays.toString(), List.of(MS_50), enderDelays.stream().distinct().toList());
        // ... a failing one backs off from then on: restart n waits min(200 ms, 50 ms * 2^n), n >= 3
        waitUp().until(() -> Collections.frequency(recorder.restartDelays("crasher", 0), MS_200) >= 2);
        List<Duration> crasherDelays = recorder.restartDelays("crasher", 0);
        int switched = crasherDelays.indexOf(MS_200);
        assertTrue(crasherDelays.toString(), switched >= 3);
        assertEquals(crasherDelays.toString(), List.of(MS_50), crasherDelays.subList(0, switched).stream().distinct().toList());
        assertEquals(crasherDelays.toString(), List.of(MS_200),
                crasherDelays.subList(switched, crasherDelays.size()).stream().distinct().toList());
        // ... and the healthy service was not touched: same run, same update, no other change
        assertEquals(steadyBefore, supervisor.status("steady").orElseThrow());
        assertEquals(1, steady.runs());
        settle("steady", u -> u.status() == Status.RUNNING);
        assertEquals(List.of(Status.IDLE, Status.RUNNING), statuses(recorder.changes("steady", 0)));
    }

    @Test
    public void invalidDefaultPolicyValue_rejectsTheConfiguration_withTheExactMessage_andTheOneInForceStays()
            throws Exception {
        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "PT0.05S", SupervisorConstants.CONFIG_JITTER, "1.5",
                SupervisorConstants.HISTORY_SIZE, "3"));

        LogEntry rejected = awaitLog(e -> e.getMessage().startsWith("supervisor 'default': configuration rejected"));
        assertEquals(LogLevel.ERROR, rejected.getLogLevel());
        assertEquals("supervisor 'default': configuration rejected, keeping the one in force (" + DEFAULTS + "): jitter"
                + " = '1.5' is invalid (jitter must be from 0 to below 1, was 1.5); expected a number from 0 (no jitter)"
                + " to below 1", rejected.getMessage());
        // still the defaults: a restart one second after a run ends
        register(new Ender(), SupervisorConstants.NAME, "after-rejection");
        waitUp().until(() -> !recorder.restartDelays("after-rejection", 0).isEmpty());
        assertEquals(Duration.ofSeconds(1), recorder.restartDelays("after-rejection", 0).get(0));
    }

    @Test
    public void escalatingPolicy_shutsItsSupervisorDown_andSaysSo() throws Exception {
        org.osgi.service.cm.Configuration critical = configAdmin.getFactoryConfiguration(
                SupervisorConstants.FACTORY_PID, "critical", "?");
        try {
            critical.update(dictionary(SupervisorConstants.NAME, "critical",
                    SupervisorConstants.SERVICES_TARGET, "(supervisor.group=critical)"));
            SupervisorRuntime supervisor = supervisor("critical");
            Probe bystander = new Probe();
            register(bystander, SupervisorConstants.NAME, "bystander", SupervisorConstants.GROUP, "critical");
            waitUp().until(() -> isRunning(supervisor, "bystander"));

            ServiceRegistration<Service> vital = register(new Ender(), SupervisorConstants.NAME, "vital",
                    SupervisorConstants.GROUP, "critical",
                    SupervisorConstants.MIN_DELAY, 5, SupervisorConstants.MAX_RESTARTS, 1,
                    SupervisorConstants.WINDOW, "PT1M", SupervisorConstants.ESCALATE, true);

            LogEntry entry = awaitLog(e -> e.getMessage().startsWith("supervisor 'critical' shut down"));
            assertEquals(LogLevel.ERROR, entry.getLogLevel());
            assertTrue(entry.getMessage(), entry.getMessage().startsWith("supervisor 'critical' shut down because a"
                    + " service policy escalates: service 'vital' "));
            assertTrue(entry.getMessage(), entry.getMessage().endsWith("; it supervises nothing until a valid"
                    + " configuration is applied again (supervisor:reset critical, or update its configuration) or it is"
                    + " activated again"));
            assertEquals(Reason.GAVE_UP, supervisor.status("vital").orElseThrow().reason());
            waitUp().until(() -> !bystander.thread().isAlive()); // the run has ended; its thread finishes its last steps
            // a service registered for it now is left alone, and the default supervisor is not affected
            Probe late = new Probe();
            register(late, SupervisorConstants.NAME, "late", SupervisorConstants.GROUP, "critical");
            assertEquals(0, late.runs());
            assertTrue(this.supervisor.status("vital").isEmpty());
            assertEquals(SupervisorDescription.State.ENDED, supervisor.describe().state());
            assertTrue(supervisor.describe().escalation().startsWith("service 'vital' gave up"));

            // the way back without a bundle restart: a valid configuration update starts it afresh
            vital.unregister();
            critical.update(dictionary(SupervisorConstants.NAME, "critical",
                    SupervisorConstants.SERVICES_TARGET, "(supervisor.group=critical)"));
            waitUp().until(() -> supervisor.describe().state() == SupervisorDescription.State.RUNNING);
            waitUp().until(() -> isRunning(supervisor, "bystander") && isRunning(supervisor, "late"));
            assertEquals(1, late.runs());
            assertEquals(null, supervisor.describe().escalation());
            awaitLog(e -> e.getMessage().startsWith("supervisor 'critical' started again (")
                    && e.getMessage().endsWith("after it had ended because a service policy escalated: service 'vital'"
                            + " gave up: 1 restart within PT1M reached the limit of 1"));
        } finally {
            critical.delete();
        }
    }

    // ---- going away is not a failure ----------------------------------------------------------------

    @Test
    public void restartPolicyAnnotation_onAComponent_limitsItsRestarts() throws Exception {
        configAdmin.getConfiguration(WORKER_PID, "?").update(dictionary("ends", "2"));

        settle(WORKER, u -> u.status() == Status.GAVE_UP);

        assertEquals(Reason.GAVE_UP, supervisor.status(WORKER).orElseThrow().reason());
        assertEquals(List.of(ms(20)), recorder.restartDelays(WORKER, 0));
    }

    @Test
    public void bundleUpdatedAndRefreshed_twice_isNoFailure_theServiceRunsAfresh() throws Exception {
        Bundle fixtures = installed("supervisor.itest.bundles");
        Registrations registrations = new Registrations();
        try {
            configAdmin.getConfiguration(WORKER_PID, "?").update(dictionary("ends", "0"));
            waitForTheLatestRegistrationRunning(registrations, 1);

            for (int round = 1; round <= 2; round++) {
                fixtures.update();
                refresh(fixtures);
                waitForTheLatestRegistrationRunning(registrations, registrations.count.get());
            }

            assertTrue("registrations: " + registrations.count.get(), registrations.count.get() >= 3);
            assertRunsAfresh(registrations);
        } finally {
            registrations.close();
        }
    }

    @Test
    public void componentReconfigured_twice_isNoFailure_theServiceRunsAfresh() throws Exception {
        Registrations registrations = new Registrations();
        try {
            configAdmin.getConfiguration(WORKER_PID, "?").update(dictionary("ends", "0", "generation", "1"));
            waitForTheLatestRegistrationRunning(registrations, 1);

            // no @Modified method: Declarative Services deactivates the component and activates it again
            configAdmin.getConfiguration(WORKER_PID, "?").update(dictionary("ends", "0", "generation", "2"));
            waitForTheLatestRegistrationRunning(registrations, 2);
            configAdmin.getConfiguration(WORKER_PID, "?").update(dictionary("ends", "0", "generation", "3"));
            waitForTheLatestRegistrationRunning(registrations, 3);

            assertRunsAfresh(registrations);
        } finally {
            registrations.close();
        }
    }

    /** Counts the registrations of the test bundle's worker. */
    private final class Registrations implements AutoCloseable {
        final AtomicInteger count = new AtomicInteger();
        private final ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                count.incrementAndGet();
            }
        };

        Registrations() throws Exception {
            context.addServiceListener(listener, "(&(objectClass=" + Service.class.getName() + ")("
                    + SupervisorConstants.NAME + "=" + WORKER + "))");
        }

        @Override
        public void close() {
            context.removeServiceListener(listener);
        }
    }

    /**
     * Waits until the worker has registered {@code atLeast} times, is registered now, and the
     * supervisor has run each registration (one engine service id each), the latest RUNNING.
     */
    private void waitForTheLatestRegistrationRunning(Registrations registrations, int atLeast) {
        waitUp().until(() -> {
            int registered = registrations.count.get();
            return registered >= atLeast
                    && context.getServiceReferences(Service.class, "(" + SupervisorConstants.NAME + "=" + WORKER + ")").size() == 1
                    && runningIds().size() == registered
                    && isRunning(supervisor, WORKER);
        });
    }

    /** The engine ids under which the worker reached RUNNING, one per registration. */
    private List<Long> runningIds() {
        return recorder.changes(WORKER, 0).stream().filter(u -> u.status() == Status.RUNNING)
                .map(StatusUpdate::serviceId).distinct().toList();
    }

    /**
     * Every registration but the latest went away without a restart, and the latest one runs as new:
     * no restart counted, not given up, a history of its own.
     */
    private void assertRunsAfresh(Registrations registrations) {
        StatusUpdate now = supervisor.status(WORKER).orElseThrow();
        assertEquals(Status.RUNNING, now.status());
        assertEquals(0, now.restartCount());
        assertEquals(Reason.STARTED, now.reason());
        assertEquals(List.of(Status.IDLE, Status.RUNNING), statuses(supervisor.history(WORKER)));
        assertEquals(List.of(), recorder.restartDelays(WORKER, 0));
        assertEquals(List.of(), recorder.changes(WORKER, 0).stream().filter(u -> u.status() == Status.GAVE_UP).toList());
        long removed = recorder.events().stream()
                .filter(e -> e.kind() == StatusEvent.Kind.REMOVED && e.update().serviceName().equals(WORKER)).count();
        assertEquals(registrations.count.get() - 1, removed);
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class)
                .refreshBundles(List.of(bundle), event -> refreshed.countDown());
        assertTrue("refresh did not finish", refreshed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Waits until the service's latest update matches and the recorder has received it too (it
     * hears of a change just after the supervisor made it).
     */
    private void settle(String name, java.util.function.Predicate<StatusUpdate> condition) {
        waitUp().until(() -> supervisor.status(name).filter(condition).map(recorder::hasSeen).orElse(false));
    }

    private static List<Status> statuses(List<StatusUpdate> updates) {
        return updates.stream().map(StatusUpdate::status).toList();
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Each run returns at once: STOPPED. */
    static final class Ender implements Service {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run(ServiceContext context) {
            runs.incrementAndGet();
        }
    }

    /** Each run waits for cancellation. */
    static final class Steady implements Service {
        @Override
        public void run(ServiceContext context) throws InterruptedException {
            context.awaitCancellation();
        }
    }

    /** Each run fails at once: ERROR. */
    static final class Crasher implements Service {
        @Override
        public void run(ServiceContext context) {
            throw new IllegalStateException("crash");
        }
    }
}
