package supervisor.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.Status;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorRuntime;
import supervisor.api.SupervisorConstants;

/** ConfigAdmin drives the default supervisor live; bad values are rejected; metatype describes it all. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationIT extends OsgiTestSupport {

    private static final Duration FIFTY_MS = Duration.ofMillis(50);
    private static final Duration TWO_HUNDRED_MS = Duration.ofMillis(200);

    @Inject
    @Filter("(supervisor.name=default)")
    SupervisorRuntime supervisor;

    @Inject
    MetaTypeService metaType;

    @Configuration
    public Option[] config() {
        return framework("configuration");
    }

    @Test
    public void withoutConfiguration_theDefaultSupervisorRunsOnTheDocumentedDefaults() {
        // the framework started with no configuration for PID "supervisor": find the start message
        String started = null;
        for (Enumeration<LogEntry> entries = logReader.getLog(); entries.hasMoreElements(); ) {
            LogEntry entry = entries.nextElement();
            if (entry.getMessage() != null && entry.getMessage().startsWith("supervisor 'default' started")) {
                started = entry.getMessage();
            }
        }
        assertEquals("supervisor 'default' started (restart.interval=PT1S, shutdown.timeout=PT10S, thread.kind=PLATFORM,"
                + " listener.backlog=1024, services.target=(!(supervisor.group=*)),"
                + " listeners.target=(!(supervisor.group=*)), history.size=10)", started);
    }

    @Test
    public void restartIntervalChangedLive_appliesFromTheNextRestart_andLeavesHealthyServicesRunning() throws Exception {
        configureDefault("PT0.05S", "PT10S");
        Recorder recorder = new Recorder();
        registerAs(StatusListener.class, recorder);
        Probe steady = new Probe();
        register(steady, SupervisorConstants.NAME, "steady");
        register(Cycler.INSTANCE, SupervisorConstants.NAME, "cycler");
        waitUp().until(() -> isRunning(supervisor, "steady") && recorder.restartDelays("cycler", 0).size() >= 3);
        StatusUpdate steadyBefore = supervisor.status("steady").orElseThrow();

        configureDefault("PT0.2S", "PT10S");

        waitUp().until(() -> recorder.restartDelays("cycler", 0).stream().filter(TWO_HUNDRED_MS::equals).count() >= 2);
        // exact: nextRestart - time of each update that ends a run is the interval in force at that end
        List<Duration> delays = recorder.restartDelays("cycler", 0);
        int switched = delays.indexOf(TWO_HUNDRED_MS);
        assertTrue(delays.toString(), switched >= 3);
        assertEquals(delays.toString(), List.of(FIFTY_MS), delays.subList(0, switched).stream().distinct().toList());
        assertEquals(delays.toString(), List.of(TWO_HUNDRED_MS), delays.subList(switched, delays.size()).stream().distinct().toList());
        // the healthy service was not touched: same run, same update, no other change
        assertEquals(steadyBefore, supervisor.status("steady").orElseThrow());
        assertEquals(1, steady.runs());
        assertEquals(List.of(Status.IDLE, Status.RUNNING),
                recorder.changes("steady", 0).stream().map(StatusUpdate::status).toList());
    }

    @Test
    public void invalidConfiguration_isRejectedWithAMessageNamingPropertyValueAndExpectation_andTheLastGoodStays()
            throws Exception {
        configureDefault("PT0.05S", "PT10S");
        Recorder recorder = new Recorder();
        registerAs(StatusListener.class, recorder);
        register(Cycler.INSTANCE, SupervisorConstants.NAME, "cycler");

        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "-5", SupervisorConstants.SHUTDOWN_TIMEOUT, "PT10S"));

        LogEntry rejected = awaitLog(e -> e.getMessage().startsWith("supervisor 'default': configuration rejected"));
        assertEquals(LogLevel.ERROR, rejected.getLogLevel());
        assertEquals("supervisor 'default': configuration rejected, keeping the one in force (restart.interval=PT0.05S,"
                + " shutdown.timeout=PT10S, thread.kind=PLATFORM, listener.backlog=1024, services.target=(!(supervisor.group=*)),"
                + " listeners.target=(!(supervisor.group=*)), history.size=10): restart.interval = '-5' is invalid (restartInterval must be"
                + " from PT0.001S to PT24H, was PT-0.005S); expected milliseconds (such as 500) or an ISO-8601 duration"
                + " (such as PT0.5S) from PT0.001S to PT24H", rejected.getMessage());
        int mark = recorder.size();
        waitUp().until(() -> recorder.restartDelays("cycler", mark).size() >= 3);
        assertEquals(List.of(FIFTY_MS), recorder.restartDelays("cycler", mark).stream().distinct().toList());

        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "PT0.05S", SupervisorConstants.THREAD_KIND, "GREEN",
                SupervisorConstants.LISTENER_BACKLOG, "lots"));

        LogEntry second = awaitLog(e -> e.getMessage().startsWith("supervisor 'default': configuration rejected")
                && e.getMessage().contains("GREEN"));
        assertTrue(second.getMessage(), second.getMessage().endsWith(": thread.kind = 'GREEN' is invalid (no such thread kind);"
                + " expected one of [PLATFORM, VIRTUAL], any case" + (Runtime.version().feature() >= 21 ? ""
                        : "; VIRTUAL only on Java 21 or later, this is Java " + Runtime.version().feature())
                + "; listener.backlog = 'lots' is invalid (not a whole number); expected a whole number from 1 to 1048576"));
        assertTrue(supervisor.status("cycler").isPresent());
    }

    @Test
    public void invalidTargetFilter_isRejected_andTheServicesKeepRunning_whileAValidOneAppliesLive() throws Exception {
        configureDefault("PT0.05S", "PT10S");
        Probe probe = new Probe();
        register(probe, SupervisorConstants.NAME, "kept");
        waitUp().until(() -> probe.thread() != null && isRunning(supervisor, "kept"));
        StatusUpdate before = supervisor.status("kept").orElseThrow();
        Thread firstRun = probe.thread();

        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "PT0.05S", SupervisorConstants.SERVICES_TARGET, "(supervisor.group=x"));

        LogEntry rejected = awaitLog(e -> e.getMessage().startsWith("supervisor 'default': configuration rejected"));
        assertEquals(LogLevel.ERROR, rejected.getLogLevel());
        assertTrue(rejected.getMessage(), rejected.getMessage().contains(
                "): services.target = '(supervisor.group=x' is invalid (not a valid filter: "));
        assertTrue(rejected.getMessage(), rejected.getMessage().endsWith(
                "; expected an LDAP filter such as (supervisor.group=fast)"));
        assertEquals(before, supervisor.status("kept").orElseThrow());
        assertEquals(1, probe.runs());

        // a valid filter that leaves the service out stops it before the change is reported ...
        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "PT0.05S", SupervisorConstants.SERVICES_TARGET, "(supervisor.group=elsewhere)"));
        awaitLog(e -> e.getMessage().startsWith("supervisor 'default' configured (")
                && e.getMessage().contains("services.target=(supervisor.group=elsewhere)"));
        assertEquals(Optional.empty(), supervisor.status("kept"));
        assertFalse(firstRun.isAlive());

        // ... and the default filter takes it back
        configureDefault("PT0.05S", "PT10S");
        waitUp().until(() -> isRunning(supervisor, "kept"));
        assertEquals(2, probe.runs());
    }

    @Test
    public void unregisteringAServiceThatAConfigurationChangeIsStopping_stillWaitsForItsThreadToEnd() throws Exception {
        configureDefault("PT0.05S", "PT10S");
        CountDownLatch cancelled = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        ServiceRegistration<Service> registration = register(context -> {
            thread.set(Thread.currentThread());
            context.awaitCancellation();
            cancelled.countDown();
            while (letGo.getCount() > 0) { // slow to stop: ignores the interrupt until let go
                try {
                    letGo.await();
                } catch (InterruptedException ignored) {
                    // keeps stopping slowly
                }
            }
        }, SupervisorConstants.NAME, "slow-to-stop");
        waitUp().until(() -> thread.get() != null && isRunning(supervisor, "slow-to-stop"));

        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(
                SupervisorConstants.RESTART_INTERVAL, "PT0.05S", SupervisorConstants.SERVICES_TARGET, "(supervisor.group=elsewhere)"));
        assertTrue(cancelled.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<Void> unregistration = CompletableFuture.runAsync(registration::unregister);

        waitUp().during(Duration.ofMillis(300)).until(() -> !unregistration.isDone());
        letGo.countDown();
        unregistration.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertFalse(thread.get().isAlive());
        configureDefault("PT0.05S", "PT10S");
    }

    @Test
    public void metatype_describesTheDefaultPidAndTheFactoryPid() {
        MetaTypeInformation information = metaType.getMetaTypeInformation(installed("supervisor.impl"));
        assertNotNull(information);
        assertArrayEquals(new String[] {SupervisorConstants.PID}, information.getPids());
        assertArrayEquals(new String[] {SupervisorConstants.FACTORY_PID}, information.getFactoryPids());

        ObjectClassDefinition single = information.getObjectClassDefinition(SupervisorConstants.PID, null);
        assertEquals("Supervisor", single.getName());
        assertEquals(ONE_DEFINITION, describe(single));
        AttributeDefinition threadKind = attribute(single, SupervisorConstants.THREAD_KIND);
        assertArrayEquals(new String[] {"PLATFORM", "VIRTUAL"}, threadKind.getOptionValues());
        assertEquals(AttributeDefinition.INTEGER, attribute(single, SupervisorConstants.LISTENER_BACKLOG).getType());
        assertArrayEquals(new String[] {"ALWAYS", "ON_FAILURE", "NEVER"},
                attribute(single, SupervisorConstants.CONFIG_RESTART).getOptionValues());
        assertEquals(AttributeDefinition.DOUBLE, attribute(single, SupervisorConstants.CONFIG_MULTIPLIER).getType());
        assertEquals(AttributeDefinition.DOUBLE, attribute(single, SupervisorConstants.CONFIG_JITTER).getType());
        assertEquals(AttributeDefinition.INTEGER, attribute(single, SupervisorConstants.CONFIG_MAX_RESTARTS).getType());
        assertEquals(AttributeDefinition.INTEGER, attribute(single, SupervisorConstants.HISTORY_SIZE).getType());
        assertEquals(AttributeDefinition.BOOLEAN, attribute(single, SupervisorConstants.CONFIG_ESCALATE).getType());

        ObjectClassDefinition factory = information.getObjectClassDefinition(SupervisorConstants.FACTORY_PID, null);
        assertEquals("Supervisor", factory.getName());
        assertEquals(ONE_DEFINITION, describe(factory)); // one definition: a blank filter means the supervisor's own default
    }

    /** The attributes of the one metatype definition, with their defaults. */
    private static final String ONE_DEFINITION = "[supervisor.name=null, restart.interval=PT1S, shutdown.timeout=PT10S,"
            + " thread.kind=PLATFORM, listener.backlog=1024, services.target=, listeners.target=, history.size=10,"
            + " restart=ALWAYS, max.delay=, multiplier=2.0, jitter=0.0, reset.after=PT1M, max.restarts=0,"
            + " window=PT1M, escalate=false]";

    private static String describe(ObjectClassDefinition definition) {
        return Arrays.stream(definition.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .map(a -> a.getID() + "=" + (a.getDefaultValue() == null ? null : String.join(",", a.getDefaultValue())))
                .toList().toString();
    }

    private static AttributeDefinition attribute(ObjectClassDefinition definition, String id) {
        return Arrays.stream(definition.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .filter(a -> a.getID().equals(id)).findFirst().orElseThrow();
    }

    /** Ends each run at once, so it is restarted after every restart interval. */
    enum Cycler implements Service {
        INSTANCE;

        @Override
        public void run(ServiceContext context) {
        }
    }
}
