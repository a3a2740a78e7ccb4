package supervisor.itest;

import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.awaitility.core.ConditionFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorRuntime;
import supervisor.api.SupervisorConstants;

/**
 * What the integration tests share: the framework they run in (Felix with SCR, ConfigAdmin,
 * metatype and the Log Service, and the reactor's jars as built), and small helpers to register
 * services, configure supervisors and wait, with Awaitility, for exact outcomes.
 */
public abstract class OsgiTestSupport {

    /** How long any wait may take before the test fails. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    @Inject
    protected BundleContext context;
    @Inject
    protected ConfigurationAdmin configAdmin;
    @Inject
    protected LogReaderService logReader;

    /** Every log entry written while the current test runs. */
    protected final List<LogEntry> logged = new CopyOnWriteArrayList<>();
    private final LogListener logListener = logged::add;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /** On failure, prints what was logged during the test: the supervisors say what they did. */
    @Rule
    public final TestWatcher printLogOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            System.out.println("log of " + description.getMethodName() + ":");
            for (LogEntry entry : logged) {
                System.out.println("  " + entry.getLogLevel() + " " + entry.getBundle().getSymbolicName() + ": "
                        + entry.getMessage() + (entry.getException() == null ? "" : " " + entry.getException()));
            }
        }
    };

    /**
     * The framework: SCR with the DS API it needs, ConfigAdmin, metatype, the Felix Log Service (at
     * INFO), Awaitility, the api and impl bundles as built, and {@code extra} options.
     */
    static Option[] framework(String name, Option... extra) {
        List<Option> all = new ArrayList<>(List.of(
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
                systemProperty("org.osgi.service.log.admin.loglevel").value("INFO"),
                systemProperty("org.apache.felix.log.maxSize").value("2000"),
                cleanCaches(true),
                workingDirectory("target/paxexam/" + name),
                junitBundles(),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.log").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
                mavenBundle("org.awaitility", "awaitility").versionAsInProject(),
                bundle(builtJar("supervisor.api.jar")),
                bundle(builtJar("supervisor.impl.jar"))));
        Collections.addAll(all, extra);
        return options(all.toArray(new Option[0]));
    }

    /**
     * The test bundle (worker, ping/pong) as built, started: Pax Exam fails on a bundle left
     * unresolved, as one installed without being started would be.
     */
    static Option fixturesBundle() {
        return bundle(builtJar("supervisor.itest.bundles.jar"));
    }

    static String builtJar(String property) {
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property " + property + " must name the built jar, was " + path);
        }
        return new File(path).toURI().toString();
    }

    /** Awaitility, polling often, failing after {@link #PATIENCE}. */
    static ConditionFactory waitUp() {
        return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    @Before
    public void recordLog() {
        logReader.addLogListener(logListener);
    }

    @After
    public void unregisterAndStopRecording() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the test unregistered it
            }
        }
        logReader.removeLogListener(logListener);
    }

    /** Registers a whiteboard service with the given properties (key, value, ...); unregistered after the test. */
    protected ServiceRegistration<Service> register(Service service, Object... keyValues) {
        ServiceRegistration<Service> registration = context.registerService(Service.class, service, dictionary(keyValues));
        registrations.add(registration);
        return registration;
    }

    /** Registers any service with the given properties; unregistered after the test. */
    protected <T> ServiceRegistration<T> registerAs(Class<T> type, T service, Object... keyValues) {
        ServiceRegistration<T> registration = context.registerService(type, service, dictionary(keyValues));
        registrations.add(registration);
        return registration;
    }

    static Dictionary<String, Object> dictionary(Object... keyValues) {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    /** The registered supervisor whose {@code supervisor.name} is {@code name}, waiting for it. */
    /**
     * Deletes a supervisor's configuration and waits until its {@link SupervisorRuntime} is gone, so
     * a later test that reuses the name (and so the factory PID) never finds the old one.
     */
    protected void deleteSupervisor(org.osgi.service.cm.Configuration configuration) throws Exception {
        String pid = configuration.getPid();
        configuration.delete();
        String filter = "(&(objectClass=" + SupervisorRuntime.class.getName() + ")(service.pid=" + pid + "))";
        waitUp().until(() -> context.getServiceReferences((String) null, filter) == null);
    }

    protected SupervisorRuntime supervisor(String name) throws InterruptedException, InvalidSyntaxException {
        return service(SupervisorRuntime.class, "(" + SupervisorConstants.NAME + "=" + name + ")");
    }

    /** A service of the given type (and filter, or null), waiting for it. */
    protected <T> T service(Class<T> type, String filter) throws InterruptedException, InvalidSyntaxException {
        String full = "(objectClass=" + type.getName() + ")";
        if (filter != null) {
            full = "(&" + full + filter + ")";
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, context.createFilter(full), null);
        tracker.open();
        try {
            T found = tracker.waitForService(PATIENCE.toMillis());
            if (found == null) {
                throw new AssertionError("no service " + full + " within " + PATIENCE);
            }
            return found;
        } finally {
            tracker.close();
        }
    }

    /** Whether the supervisor reports the named service RUNNING. */
    static boolean isRunning(SupervisorRuntime supervisor, String name) {
        return supervisor.status(name).map(update -> update.status() == Status.RUNNING).orElse(false);
    }

    /** The names in a snapshot, in its order. */
    static List<String> names(List<StatusUpdate> snapshot) {
        return snapshot.stream().map(StatusUpdate::serviceName).toList();
    }

    /**
     * Sets the configuration of the default supervisor (PID {@value SupervisorConstants#PID}) and
     * waits until it logged that it applied it with {@code restart.interval} as given.
     */
    protected void configureDefault(String restartInterval, String shutdownTimeout) throws Exception {
        Configuration configuration = configAdmin.getConfiguration(SupervisorConstants.PID, "?");
        configuration.update(dictionary(SupervisorConstants.RESTART_INTERVAL, restartInterval,
                SupervisorConstants.SHUTDOWN_TIMEOUT, shutdownTimeout));
        awaitLog(entry -> entry.getMessage().startsWith("supervisor 'default' configured (restart.interval="
                + java.time.Duration.parse(restartInterval) + ", shutdown.timeout=" + Duration.parse(shutdownTimeout)));
    }

    /** Waits for a log entry written during this test that matches, and returns the first such. */
    protected LogEntry awaitLog(Predicate<LogEntry> matching) {
        waitUp().until(() -> firstLogged(matching).isPresent());
        return firstLogged(matching).orElseThrow();
    }

    private Optional<LogEntry> firstLogged(Predicate<LogEntry> matching) {
        return logged.stream().filter(entry -> entry.getMessage() != null && matching.test(entry)).findFirst();
    }

    /** The installed bundle with this symbolic name. */
    protected Bundle installed(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /**
     * supervisor.shell and supervisor.condition as built, with Gogo runtime 1.1.6 and Gogo command
     * 1.1.2 (for {@code help}); no shell: tests run commands through the CommandProcessor.
     */
    static Option shellAndConditionBundles() {
        return org.ops4j.pax.exam.CoreOptions.composite(
            mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject(),
            mavenBundle("org.apache.felix", "org.apache.felix.gogo.command").versionAsInProject(),
            bundle(builtJar("supervisor.shell.jar")),
            bundle(builtJar("supervisor.condition.jar")));
    }

    /** supervisor.eventadmin as built, with Felix EventAdmin (EventAdminIT). */
    static Option eventAdminBundles() {
        return org.ops4j.pax.exam.CoreOptions.composite(
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                bundle(builtJar("supervisor.eventadmin.jar")));
    }

    /** supervisor.jmx as built (JmxIT). */
    static Option jmxBundle() {
        return bundle(builtJar("supervisor.jmx.jar"));
    }

    // ---- health checks (HealthIT only) ------------------------------------------------------------

    /**
     * What {@code HealthIT} adds to {@link #framework}: the supervisor.healthcheck bundle as built,
     * Felix Health Checks (api, core) and EventAdmin (core imports it), Felix HTTP on Jetty 12 bound
     * to 127.0.0.1 on {@code port}, the servlet API, commons-fileupload and commons-io, slf4j 2 with
     * slf4j-simple through SPI Fly (Jetty 12 wants slf4j 2), and ASM 9.9 for SPI Fly (9.6 cannot read
     * JDK 25 classes). slf4j 2 comes from {@code target/health-bundles} (copied by the build), as the
     * test classpath keeps slf4j 1.7 for Pax Exam itself.
     */
    static Option[] healthBundles(int port) {
        return new Option[] {
            systemProperty("org.osgi.service.http.port").value(Integer.toString(port)),
            systemProperty("org.apache.felix.http.host").value("127.0.0.1"),
            systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
            // Pax Logging's own default is DEBUG: SPI Fly's weaving and the JDK HttpClient would log thousands of lines
            systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
            mavenBundle("org.ow2.asm", "asm").versionAsInProject(),
            mavenBundle("org.ow2.asm", "asm-tree").versionAsInProject(),
            mavenBundle("org.ow2.asm", "asm-analysis").versionAsInProject(),
            mavenBundle("org.ow2.asm", "asm-commons").versionAsInProject(),
            mavenBundle("org.ow2.asm", "asm-util").versionAsInProject(),
            mavenBundle("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle").versionAsInProject(),
            bundle(copiedJar("slf4j-api.jar")),
            bundle(copiedJar("slf4j-simple.jar")),
            mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
            mavenBundle("commons-io", "commons-io").versionAsInProject(),
            mavenBundle("commons-fileupload", "commons-fileupload").versionAsInProject(),
            mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api").versionAsInProject(),
            mavenBundle("org.apache.felix", "org.apache.felix.http.jetty12").versionAsInProject(),
            mavenBundle("org.apache.felix", "org.apache.felix.healthcheck.api").versionAsInProject(),
            mavenBundle("org.apache.felix", "org.apache.felix.healthcheck.core").versionAsInProject(),
            bundle(builtJar("supervisor.healthcheck.jar"))};
    }

    private static String copiedJar(String name) {
        File jar = new File("target/health-bundles", name);
        if (!jar.isFile()) {
            throw new IllegalStateException(jar + " must be there: the build copies it (maven-dependency-plugin, "
                    + "execution health-bundles)");
        }
        return jar.toURI().toString();
    }
}
