package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Optional;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import supervisor.api.SupervisorConstants;
import supervisor.jmx.SupervisorJmx;

/** supervisor.jmx in Felix: the default supervisor on the platform MBeanServer, and the switch that takes it off. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JmxIT extends OsgiTestSupport {

    private static final ObjectName DEFAULT = SupervisorJmx.objectName(SupervisorConstants.DEFAULT_SUPERVISOR_NAME);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Configuration
    public Option[] config() {
        return framework("jmx", jmxBundle());
    }

    /** The {@code Services} composite of the named service, if the MBean lists it. */
    private Optional<CompositeData> service(String name) throws Exception {
        CompositeData[] services = (CompositeData[]) server.getAttribute(DEFAULT, "Services");
        return Arrays.stream(services).filter(service -> name.equals(service.get("name"))).findFirst();
    }

    private boolean hasStatus(String name, String status, int restarts) throws Exception {
        return server.isRegistered(DEFAULT) && service(name)
                .map(service -> status.equals(service.get("status")) && Integer.valueOf(restarts).equals(service.get("restarts")))
                .orElse(false);
    }

    @Test
    public void defaultSupervisor_isOnThePlatformServerWithItsServices() throws Exception {
        register(new Probe(), SupervisorConstants.NAME, "jmx-listed");

        waitUp().until(() -> hasStatus("jmx-listed", "RUNNING", 0));

        assertEquals("default", server.getAttribute(DEFAULT, "Name"));
        assertEquals("RUNNING", server.getAttribute(DEFAULT, "State"));
        CompositeData listed = service("jmx-listed").orElseThrow();
        assertEquals("STARTED", listed.get("reason"));
        assertEquals(null, listed.get("lastError"));
    }

    @Test
    public void restart_throughInvoke_startsANewRun() throws Exception {
        Probe probe = new Probe();
        register(probe, SupervisorConstants.NAME, "jmx-restarted");
        waitUp().until(() -> hasStatus("jmx-restarted", "RUNNING", 0));

        server.invoke(DEFAULT, "restart", new Object[] {"jmx-restarted"}, new String[] {String.class.getName()});

        // RUNNING is reported as the run begins, maybe before the probe counted it: wait for both
        waitUp().until(() -> hasStatus("jmx-restarted", "RUNNING", 1) && probe.runs() == 2);
        assertEquals("RESTARTED_BY_REQUEST", service("jmx-restarted").orElseThrow().get("reason"));
    }

    @Test
    public void restart_unknownName_failsWithOneLineNamingIt() throws Exception {
        waitUp().until(() -> server.isRegistered(DEFAULT));

        RuntimeMBeanException thrown = assertThrows(RuntimeMBeanException.class, () ->
                server.invoke(DEFAULT, "restart", new Object[] {"nope"}, new String[] {String.class.getName()}));

        assertEquals(IllegalArgumentException.class, thrown.getCause().getClass());
        String message = thrown.getCause().getMessage();
        assertTrue(message, message.startsWith("supervisor 'default' has no service named 'nope'"));
        assertTrue(message, !message.contains("\n"));
    }

    @Test
    public void enabledFalse_throughConfigAdmin_removesTheMBeanAndTrueBringsItBack() throws Exception {
        waitUp().until(() -> server.isRegistered(DEFAULT));
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("supervisor.jmx", "?");
        try {
            configuration.update(dictionary("enabled", false));
            waitUp().until(() -> !server.isRegistered(DEFAULT));

            configuration.update(dictionary("enabled", true));
            waitUp().until(() -> server.isRegistered(DEFAULT));
        } finally {
            configuration.delete();
        }
        waitUp().until(() -> server.isRegistered(DEFAULT));
    }
}
