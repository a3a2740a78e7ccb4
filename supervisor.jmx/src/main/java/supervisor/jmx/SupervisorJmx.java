package supervisor.jmx;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import supervisor.api.SupervisorRuntime;

/**
 * Registers supervisors as {@link SupervisorMXBean}s, on request:
 *
 * <pre>{@code
 * try (SupervisorJmx.Registration jmx = SupervisorJmx.register(supervisor, ManagementFactory.getPlatformMBeanServer())) {
 *     supervisor.run();
 * }
 * }</pre>
 *
 * <p>Each is named {@code supervisor:type=Supervisor,name=<name>} ({@link #objectName(String)}).
 */
public final class SupervisorJmx {

    /** The ObjectName domain of every supervisor MBean. */
    public static final String DOMAIN = "supervisor";

    /** The {@code type} key of every supervisor MBean's ObjectName. */
    public static final String TYPE = "Supervisor";

    /** The characters that a name must not contain to stand unquoted as an ObjectName value. */
    private static final String SPECIAL = ",=:\"*?\\\n";

    private SupervisorJmx() {
    }

    /**
     * The ObjectName of a supervisor's MBean: {@code supervisor:type=Supervisor,name=<name>}, the
     * name as it is if it contains none of {@code , = : " * ? \} and no line break, else
     * {@link ObjectName#quote(String) quoted} (in double quotes, with {@code " * ? \} and line
     * breaks escaped by a backslash).
     *
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if the name is empty
     */
    public static ObjectName objectName(String supervisorName) {
        Objects.requireNonNull(supervisorName, "supervisorName");
        if (supervisorName.isEmpty()) {
            throw new IllegalArgumentException("a supervisor name for an ObjectName must not be empty");
        }
        String value = needsQuoting(supervisorName) ? ObjectName.quote(supervisorName) : supervisorName;
        try {
            return new ObjectName(DOMAIN + ":type=" + TYPE + ",name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("supervisor name '" + supervisorName + "' gives no valid ObjectName: "
                    + e.getMessage(), e);
        }
    }

    private static boolean needsQuoting(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (SPECIAL.indexOf(name.charAt(i)) >= 0 || name.charAt(i) == '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * Registers the supervisor on the server under {@link #objectName(String) its name}. The MBean
     * reads the supervisor afresh on every access; close the registration to unregister it.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if an MBean of that name is already registered, or the server
     *     refused the registration
     */
    public static Registration register(SupervisorRuntime supervisor, MBeanServer server) {
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(server, "server");
        ObjectName name = objectName(supervisor.name());
        try {
            server.registerMBean(new StandardMBean(new SupervisorView(supervisor), SupervisorMXBean.class, true), name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("cannot register supervisor '" + supervisor.name() + "' on JMX: an MBean named "
                    + name + " is already registered", e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register supervisor '" + supervisor.name() + "' on JMX as " + name
                    + ": " + e, e);
        }
        return new Registration(server, name);
    }

    /** One supervisor's MBean on one server; {@link #close()} unregisters it. Thread-safe. */
    public static final class Registration implements AutoCloseable {

        private final MBeanServer server;
        private final ObjectName name;
        private final AtomicBoolean closed = new AtomicBoolean();

        Registration(MBeanServer server, ObjectName name) {
            this.server = server;
            this.name = name;
        }

        /** The MBean's name. */
        public ObjectName objectName() {
            return name;
        }

        /** Unregisters the MBean; once only, and nothing if someone else already unregistered it. */
        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException alreadyGone) {
                // unregistered by someone else: nothing left to do
            } catch (JMException e) {
                throw new IllegalStateException("cannot unregister " + name + ": " + e, e);
            }
        }
    }
}
