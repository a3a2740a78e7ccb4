package supervisor.itest.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Feature {@code supervisor} in a real Apache Karaf (apache-karaf-minimal): the features repository
 * added by its mvn: URL, the feature installed, the test bundle's whiteboard services supervised
 * and restarted, the default supervisor configured live from Karaf's shell, each integration
 * feature installed and at work, and who may do what: the command ACL in the console and the JMX
 * ACL through Karaf's JMX connector, each with a viewer and an admin user. One Karaf for the
 * class; each test installs what it needs once, so they pass in any order. Skipped on JDK 24+
 * ({@link KarafExam}). No supervisor.api type appears here (see {@link DefaultSupervisor}).
 */
@RunWith(KarafExam.class)
@ExamReactorStrategy(PerClass.class)
public class SupervisorFeatureIT {

    static final String FEATURE = "supervisor";
    static final String TEST_BUNDLE = "supervisor.itest.bundles";
    /** The test bundle's service that runs until cancelled, under the default supervisor. */
    static final String WORKER = "worker";
    /** The test bundle's service with a restart policy of its own; exists while its configuration does. */
    static final String POLICY_WORKER = "policy-worker";
    static final String POLICY_WORKER_PID = "supervisor.itest.policy";
    static final String EVENTADMIN_FEATURE = "supervisor-eventadmin";
    static final String HEALTH_FEATURE = "supervisor-health";
    static final String SHELL_FEATURE = "supervisor-shell";
    /** The command ACL of scope supervisor, shipped by feature supervisor-shell. */
    static final String ACL_PID = "org.apache.karaf.command.acl.supervisor";
    static final String JMX_FEATURE = "supervisor-jmx";
    /** The JMX ACL of the supervisor MXBeans, shipped by feature supervisor-jmx. */
    static final String JMX_ACL_PID = "jmx.acl.supervisor.Supervisor";
    /** Karaf's own JMX ACL for every MBean without one of its own (feature management). */
    static final String GENERIC_JMX_ACL_PID = "jmx.acl";
    /** Karaf's JMX connector with its JAAS login and ACLs; not in apache-karaf-minimal's boot features. */
    static final String MANAGEMENT_FEATURE = "management";

    @Inject BundleContext context;
    @Inject FeaturesService features;
    @Inject SessionFactory sessions;
    @Inject ConfigurationAdmin configAdmin;
    /** Karaf registers it once its boot features are installed. */
    @Inject BootFinished bootFinished;

    @Configuration
    public Option[] config() {
        return KarafOptions.karaf();
    }

    @Test
    public void installFeature_supervisor_apiAndImplActiveAndDefaultSupervisorRegistered() throws Exception {
        installSupervisorFeature();

        for (String bsn : new String[] {"supervisor.api", "supervisor.impl"}) {
            Bundle bundle = bundle(bsn);
            assertEquals(bsn + " state", Bundle.ACTIVE, bundle.getState());
            assertEquals(bsn + " location", "mvn:dev.supervisor/" + bsn + "/" + version(), bundle.getLocation());
        }
        assertEquals("default", DefaultSupervisor.find(context).name());
    }

    @Test
    public void testBundle_whiteboardServices_runUnderDefaultSupervisor() throws Exception {
        installTestBundle();
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);

        supervisor.awaitRunning(WORKER);
        assertEquals("RUNNING", supervisor.describedStatus(WORKER));
        supervisor.awaitRunning("unnamed-worker");
    }

    @Test
    public void restart_worker_newRunCountsOneRestart() throws Exception {
        installTestBundle();
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);
        int before = supervisor.awaitRunning(WORKER);

        supervisor.restart(WORKER);

        supervisor.awaitRunning(WORKER, before + 1);
        assertEquals(before + 1, supervisor.describedRestartCount(WORKER));
    }

    @Test
    public void endedRun_policyWorker_restartedByItsPolicy() throws Exception {
        installTestBundle();
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);
        // its first run ends at once; its policy restarts it after 20 ms, and the second run lasts
        org.osgi.service.cm.Configuration config = configAdmin.getConfiguration(POLICY_WORKER_PID, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("ends", "1");
        config.update(properties);
        try {
            supervisor.awaitRunning(POLICY_WORKER, 1);
            assertEquals(1, supervisor.describedRestartCount(POLICY_WORKER));
            assertTrue("the ended run is in the history: " + supervisor.history(POLICY_WORKER),
                    supervisor.historyHas(POLICY_WORKER, "STOPPED"));
        } finally {
            config.delete();
        }
    }

    @Test
    public void configEditInShell_restartInterval_appliesLiveToTheSameSupervisor() throws Exception {
        installTestBundle();
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);
        int restarts = supervisor.awaitRunning(WORKER);
        long serviceId = supervisor.serviceId();

        KarafShell.Result result = shell().run(
                admin(),
                "config:edit supervisor",
                "config:property-set restart.interval 50",
                "config:update");

        assertNull("config:edit failed: " + result, result.error());
        await().atMost(DefaultSupervisor.WAIT).until(() -> supervisor.restartInterval().equals(Duration.ofMillis(50)));
        assertEquals("the supervisor was reconfigured, not replaced", serviceId, supervisor.serviceId());
        assertEquals("worker kept running", "RUNNING", supervisor.status(WORKER));
        assertEquals("worker not restarted", restarts, supervisor.restartCount(WORKER));
    }

    // ---------------------------------------------------------------- feature supervisor-shell

    @Test
    public void installFeature_supervisorShell_aclConfigurationShipped() throws Exception {
        installShellFeature();

        Dictionary<String, Object> acl = configAdmin.getConfiguration(ACL_PID, null).getProperties();
        assertNotNull("configuration " + ACL_PID + " from the feature", acl);
        for (String viewerCommand : new String[] {"list", "info", "refused"}) {
            assertEquals(viewerCommand, "viewer", acl.get(viewerCommand));
        }
        for (String adminCommand : new String[] {"stop", "start", "restart", "reset"}) {
            assertEquals(adminCommand, "admin", acl.get(adminCommand));
        }
        assertEquals("supervisor.condition state", Bundle.ACTIVE, bundle("supervisor.condition").getState());
    }

    @Test
    public void supervisorList_asViewer_listsTheWorkerRunning() throws Exception {
        installShellFeature();
        DefaultSupervisor.find(context).awaitRunning(WORKER);

        KarafShell.Result list = shell().run(viewer(), "supervisor:list");

        assertNull("supervisor:list failed: " + list, list.error());
        assertTrue(list.output(), list.output().matches("(?s).*(?m:^default\\s+worker\\s+RUNNING\\s+\\d+).*"));
    }

    @Test
    public void supervisorRestart_asAdmin_restartsTheWorker() throws Exception {
        installShellFeature();
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);
        int before = supervisor.awaitRunning(WORKER);

        KarafShell.Result restart = shell().run(admin(), "supervisor:restart " + WORKER);

        assertNull("supervisor:restart failed: " + restart, restart.error());
        assertEquals("restarting 'worker' in supervisor 'default'", restart.output().strip());
        supervisor.awaitRunning(WORKER, before + 1);
    }

    @Test
    public void supervisorRestart_asViewer_refusedAndNothingRestarted() throws Exception {
        installShellFeature();
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);
        int before = supervisor.awaitRunning(WORKER);
        awaitAclInForce();

        KarafShell.Result restart = shell().run(viewer(), "supervisor:restart " + WORKER);

        assertTrue("expected CommandNotFoundException, got " + restart, restart.refused());
        assertTrue(restart.toString(), restart.error().getMessage().contains("supervisor:restart"));
        assertEquals("worker not restarted", before, supervisor.restartCount(WORKER));
    }

    // ---------------------------------------------------------------- integration features
    @Test
    public void installFeature_supervisorHealth_systemHealthAnswersOkForTheDefaultSupervisor() throws Exception {
        installTestBundle();
        installFeature(HEALTH_FEATURE);
        DefaultSupervisor.find(context).awaitRunning(WORKER);
        URI health = URI.create("http://127.0.0.1:" + System.getProperty(KarafOptions.HTTP_PORT_PROPERTY)
                + "/system/health.json?tags=supervisor.default&forceInstantExecution=true");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> response = await().atMost(DefaultSupervisor.WAIT).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() != 404);

        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.body(), response.body().contains("\"overallResult\":\"OK\""));
        assertTrue(response.body(), response.body().contains("supervisor default"));
    }


    @Test
    public void installFeature_supervisorEventadmin_restartPostsRunningEventWithTheRestartCount() throws Exception {
        installTestBundle();
        installFeature(EVENTADMIN_FEATURE);
        assertEquals("supervisor.eventadmin state", Bundle.ACTIVE, bundle("supervisor.eventadmin").getState());
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);
        int before = supervisor.awaitRunning(WORKER);

        try (StatusEvents events = StatusEvents.running(context, WORKER)) {
            supervisor.restart(WORKER);

            await().atMost(DefaultSupervisor.WAIT).until(() -> events.received(before + 1));
        }
    }

    @Test
    public void installFeature_supervisorJmx_defaultSupervisorMXBeanRegistered() throws Exception {
        installSupervisorFeature();
        installFeature(JMX_FEATURE);
        ObjectName name = new ObjectName("supervisor:type=Supervisor,name=default");

        await().atMost(DefaultSupervisor.WAIT)
                .until(() -> ManagementFactory.getPlatformMBeanServer().isRegistered(name));
    }

    // ---------------------------------------------------------------- JMX ACL (supervisor-jmx + Karaf's connector)

    @Test
    public void installFeature_supervisorJmx_jmxAclConfigurationShipped() throws Exception {
        installFeature(JMX_FEATURE);

        Dictionary<String, Object> acl = configAdmin.getConfiguration(JMX_ACL_PID, null).getProperties();
        assertNotNull("configuration " + JMX_ACL_PID + " from the feature", acl);
        assertEquals("get*", "viewer", acl.get("get*"));
        for (String adminOperation : new String[] {"stop", "start", "restart", "*"}) {
            assertEquals(adminOperation, "admin", acl.get(adminOperation));
        }
    }

    @Test
    public void jmxConnector_asViewer_readsTheDefaultSupervisorsAttributes() throws Exception {
        installJmxConnector();
        DefaultSupervisor.find(context).awaitRunning(WORKER);

        try (KarafJmx jmx = KarafJmx.connect(configAdmin, KarafOptions.VIEWER, KarafOptions.VIEWER_PASSWORD)) {
            assertEquals("default", jmx.attribute("Name"));
            assertEquals("RUNNING", jmx.attribute("State"));
            assertNull(jmx.attribute("Escalation"));
            CompositeData[] services = (CompositeData[]) jmx.attribute("Services");
            assertTrue(Arrays.toString(services), Arrays.stream(services)
                    .anyMatch(s -> WORKER.equals(s.get("name")) && "RUNNING".equals(s.get("status"))));
        }
    }

    /**
     * Karaf's generic jmx.acl is opened to viewers for the test, so that only the supervisor's own
     * ACL can refuse: a check that viewers may then invoke an operation of an MBean without an ACL of
     * its own shows the opening took effect (Karaf's guard reads ConfigAdmin on every call).
     */
    @Test
    public void jmxStopStartRestart_asViewer_refusedByTheSupervisorAclAndNothingChanges() throws Exception {
        installJmxConnector();
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);
        int before = supervisor.awaitRunning(WORKER);
        org.osgi.service.cm.Configuration generic = configAdmin.getConfiguration(GENERIC_JMX_ACL_PID, null);
        Dictionary<String, Object> original = generic.getProperties();
        assertNotNull("configuration " + GENERIC_JMX_ACL_PID + " from feature management", original);
        Hashtable<String, Object> openToViewers = new Hashtable<>();
        for (java.util.Enumeration<String> keys = original.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            openToViewers.put(key, original.get(key));
        }
        openToViewers.put("*", "viewer");
        generic.update(openToViewers);
        try (KarafJmx jmx = KarafJmx.connect(configAdmin, KarafOptions.VIEWER, KarafOptions.VIEWER_PASSWORD)) {
            jmx.invoke(new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME), "resetPeakThreadCount");

            for (String operation : new String[] {"stop", "start", "restart"}) {
                try {
                    Object result = jmx.invoke(operation, WORKER);
                    fail(operation + " as viewer was not refused; it returned " + result);
                } catch (SecurityException e) {
                    assertEquals(operation, "Insufficient roles/credentials for operation", e.getMessage());
                }
            }
        } finally {
            generic.update(original);
        }
        assertEquals("worker still running", "RUNNING", supervisor.status(WORKER));
        assertEquals("worker not restarted", before, supervisor.restartCount(WORKER));
        assertEquals("worker not restarted (describe)", before, supervisor.describedRestartCount(WORKER));
    }

    @Test
    public void jmxRestart_asAdmin_restartsTheWorker() throws Exception {
        installJmxConnector();
        DefaultSupervisor supervisor = DefaultSupervisor.find(context);
        int before = supervisor.awaitRunning(WORKER);

        try (KarafJmx jmx = KarafJmx.connect(configAdmin, KarafOptions.ADMIN, KarafOptions.ADMIN_PASSWORD)) {
            assertNull(jmx.invoke("restart", WORKER));
        }

        supervisor.awaitRunning(WORKER, before + 1);
    }

    // ---------------------------------------------------------------- helpers

    static String version() {
        return System.getProperty(KarafOptions.VERSION_PROPERTY);
    }

    /** feature:repo-add of the features repository and feature:install supervisor, once per Karaf. */
    synchronized void installSupervisorFeature() throws Exception {
        URI repository = URI.create("mvn:dev.supervisor/supervisor.features/" + version() + "/xml/features");
        if (features.getRepository(repository) == null) {
            features.addRepository(repository);
        }
        if (!features.isInstalled(features.getFeature(FEATURE))) {
            long start = System.nanoTime();
            // no refresh of other bundles: a refresh could restart this probe in the middle of a test
            features.installFeature(FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            System.out.printf("feature:install %s took %d ms%n", FEATURE,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /** feature:install of one more feature of the repository, once per Karaf. */
    synchronized void installFeature(String name) throws Exception {
        installSupervisorFeature();
        if (!features.isInstalled(features.getFeature(name))) {
            features.installFeature(name, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        }
    }

    /**
     * The test bundle, feature supervisor-jmx and Karaf's feature management, once per Karaf; waits
     * until the connector takes a login and shows the default supervisor's MXBean.
     */
    synchronized void installJmxConnector() throws Exception {
        installTestBundle();
        installFeature(JMX_FEATURE);
        installFeature(MANAGEMENT_FEATURE);
        await().atMost(DefaultSupervisor.WAIT).ignoreExceptions().until(() -> {
            try (KarafJmx jmx = KarafJmx.connect(configAdmin, KarafOptions.ADMIN, KarafOptions.ADMIN_PASSWORD)) {
                return jmx.registered();
            }
        });
    }

    /** Installs the test bundle and feature supervisor-shell, once per Karaf. */
    void installShellFeature() throws Exception {
        installTestBundle();
        installFeature(SHELL_FEATURE);
    }

    KarafShell shell() {
        return new KarafShell(sessions);
    }

    static Subject viewer() throws LoginException {
        return KarafShell.login(KarafOptions.VIEWER, KarafOptions.VIEWER_PASSWORD);
    }

    static Subject admin() throws LoginException {
        return KarafShell.login(KarafOptions.ADMIN, KarafOptions.ADMIN_PASSWORD);
    }

    /**
     * The feature's ACL reaches Karaf's shell through an asynchronous configuration event: wait until
     * the viewer is refused supervisor:restart. The probe has no argument, so it restarts nothing even
     * while the command is still visible.
     */
    void awaitAclInForce() throws Exception {
        Subject viewer = viewer();
        await().atMost(DefaultSupervisor.WAIT).until(() -> shell().run(viewer, "supervisor:restart").refused());
    }

    /** Installs feature supervisor and the test bundle, once per Karaf. */
    synchronized void installTestBundle() throws Exception {
        installSupervisorFeature();
        if (Arrays.stream(context.getBundles()).noneMatch(b -> TEST_BUNDLE.equals(b.getSymbolicName()))) {
            context.installBundle("mvn:dev.supervisor/" + TEST_BUNDLE + "/" + version()).start();
        }
        assertEquals(TEST_BUNDLE + " state", Bundle.ACTIVE, bundle(TEST_BUNDLE).getState());
    }

    Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + bsn));
    }
}
