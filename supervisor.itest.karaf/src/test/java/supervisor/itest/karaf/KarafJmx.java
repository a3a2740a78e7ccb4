package supervisor.itest.karaf;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Karaf's JMX connector as a remote client sees it, from inside Karaf (the probe): an RMI
 * connection to the URL Karaf's feature {@code management} serves
 * ({@code service:jmx:rmi://HOST:SERVER/jndi/rmi://HOST:REGISTRY/karaf-NAME}), logged in to the
 * {@code karaf} JAAS realm with a user of etc/users.properties, so Karaf's JMX ACLs
 * ({@code jmx.acl.*}) apply to every call as they do for jconsole.
 */
final class KarafJmx implements AutoCloseable {

    /** Karaf's configuration of its JMX connector. */
    static final String MANAGEMENT_PID = "org.apache.karaf.management";

    /** The default supervisor's MXBean. */
    static final String DEFAULT_SUPERVISOR = "supervisor:type=Supervisor,name=default";

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private KarafJmx(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /**
     * The connector's URL as Karaf builds it from its configuration
     * {@code org.apache.karaf.management} (where Pax Exam put free ports).
     */
    static JMXServiceURL url(ConfigurationAdmin configAdmin) throws IOException {
        Dictionary<String, Object> management = configAdmin.getConfiguration(MANAGEMENT_PID, null).getProperties();
        if (management == null) {
            throw new IllegalStateException("no configuration " + MANAGEMENT_PID);
        }
        return new JMXServiceURL("service:jmx:rmi://" + value(management, "rmiServerHost", "127.0.0.1") + ":"
                + value(management, "rmiServerPort", "44444") + "/jndi/rmi://"
                + value(management, "rmiRegistryHost", "127.0.0.1") + ":" + value(management, "rmiRegistryPort", "1099")
                + "/karaf-" + System.getProperty("karaf.name"));
    }

    /** Connects as {@code user}; a wrong password or a user without roles throws {@link SecurityException}. */
    static KarafJmx connect(ConfigurationAdmin configAdmin, String user, String password) throws IOException {
        Map<String, Object> environment = Map.of(JMXConnector.CREDENTIALS, new String[] {user, password});
        return new KarafJmx(JMXConnectorFactory.connect(url(configAdmin), environment));
    }

    private static String value(Dictionary<String, Object> properties, String key, String otherwise) {
        Object value = properties.get(key);
        return value == null || value.toString().isBlank() ? otherwise : value.toString().strip();
    }

    /** Whether the default supervisor's MXBean is registered (a call no ACL guards). */
    boolean registered() throws Exception {
        return server.isRegistered(new ObjectName(DEFAULT_SUPERVISOR));
    }

    /** Invokes an operation without arguments on any MBean. */
    Object invoke(ObjectName mbean, String operation) throws Exception {
        return server.invoke(mbean, operation, new Object[0], new String[0]);
    }

    /** Reads one attribute of the default supervisor's MXBean. */
    Object attribute(String name) throws Exception {
        return server.getAttribute(new ObjectName(DEFAULT_SUPERVISOR), name);
    }

    /** Invokes {@code operation(service)} (stop, start or restart) on the default supervisor's MXBean. */
    Object invoke(String operation, String service) throws Exception {
        return server.invoke(new ObjectName(DEFAULT_SUPERVISOR), operation, new Object[] {service},
                new String[] {String.class.getName()});
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
