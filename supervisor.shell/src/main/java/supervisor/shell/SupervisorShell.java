package supervisor.shell;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import supervisor.api.SupervisorRuntime;

/**
 * The {@code supervisor:} Gogo commands, registered the plain Gogo way (a service with
 * {@code osgi.command.scope} and {@code osgi.command.function}), so the same commands work in Felix
 * Gogo and in the Karaf console. Each method only hands its arguments to {@link Commands}; options
 * are Gogo {@link Parameter}s, the positional arguments arrive as one array so that a missing or
 * extra argument gets the command's own one-line message instead of Gogo's "Cannot coerce".
 *
 * <p>Concurrency: Declarative Services binds and unbinds supervisors from any thread while commands
 * run on session threads; {@link #targets} guards the map of supervisors by {@code service.id},
 * and commands copy it under that lock and call the supervisors outside it.
 */
@Component(service = SupervisorShell.class, immediate = true, property = {
    "osgi.command.scope=supervisor",
    "osgi.command.function=list",
    "osgi.command.function=info",
    "osgi.command.function=stop",
    "osgi.command.function=start",
    "osgi.command.function=restart",
    "osgi.command.function=refused",
    "osgi.command.function=reset"
})
public final class SupervisorShell {

    /** Every registered supervisor by its {@code service.id}; guarded by itself. */
    private final Map<Long, Target> targets = new TreeMap<>();
    private final Commands commands = new Commands(this::targets, this::reapply);

    /** Injected by Declarative Services while a ConfigurationAdmin is there; null otherwise. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationAdmin configurationAdmin;

    /** Called by Declarative Services. */
    public SupervisorShell() {
    }

    @Reference(service = SupervisorRuntime.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedSupervisor")
    void bindSupervisor(SupervisorRuntime runtime, Map<String, Object> properties) {
        Target target = Target.of(runtime, properties);
        synchronized (targets) {
            targets.put((Long) properties.get("service.id"), target);
        }
    }

    void updatedSupervisor(SupervisorRuntime runtime, Map<String, Object> properties) {
        bindSupervisor(runtime, properties);
    }

    void unbindSupervisor(SupervisorRuntime runtime, Map<String, Object> properties) {
        synchronized (targets) {
            targets.remove((Long) properties.get("service.id"));
        }
    }

    /** The supervisors, ordered by name. */
    private List<Target> targets() {
        List<Target> copy;
        synchronized (targets) {
            copy = new ArrayList<>(targets.values());
        }
        copy.sort((a, b) -> a.name().compareTo(b.name()));
        return copy;
    }

    /** Updates the configuration with its own properties, or creates it empty. */
    private void reapply(String pid) throws Exception {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            throw new IllegalStateException("no ConfigurationAdmin service is registered");
        }
        Configuration configuration = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> current = configuration.getProperties();
        Dictionary<String, Object> properties = new Hashtable<>();
        if (current != null) {
            for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!key.equals("service.pid") && !key.equals("service.factoryPid") && !key.equals("service.bundleLocation")) {
                    properties.put(key, current.get(key));
                }
            }
        }
        configuration.update(properties);
    }

    // ---- the commands -------------------------------------------------------------------------------

    @Descriptor("lists the supervised services: one row per service (supervisor, name, status, restarts, since,"
            + " next restart, last error), and a line for each supervisor that is not running or runs nothing")
    public String list(
            @Descriptor("only the supervisor with this name") @Parameter(names = {"-s", "--supervisor"}, absentValue = "")
            String supervisor,
            @Descriptor("ISO-8601 times (UTC) instead of relative ones") @Parameter(names = {"-a", "--absolute"},
                    absentValue = "false", presentValue = "true") boolean absolute,
            @Descriptor("none: list takes options only") String... arguments) {
        return commands.list(supervisor, absolute, arguments);
    }

    @Descriptor("shows one service: its status, the policy in force, the supervisor's settings, and its history"
            + " with errors and stack traces")
    public String info(
            @Descriptor("the supervisor that runs the service, when its name is in several")
            @Parameter(names = {"-s", "--supervisor"}, absentValue = "") String supervisor,
            @Descriptor("ISO-8601 times (UTC) instead of relative ones") @Parameter(names = {"-a", "--absolute"},
                    absentValue = "false", presentValue = "true") boolean absolute,
            @Descriptor("NAME: the service's name") String... arguments) {
        return commands.info(supervisor, absolute, arguments);
    }

    @Descriptor("stops a service by hand and waits for it, at most the shutdown timeout; it stays stopped until"
            + " supervisor:start or supervisor:restart")
    public String stop(
            @Descriptor("the supervisor that runs the service, when its name is in several")
            @Parameter(names = {"-s", "--supervisor"}, absentValue = "") String supervisor,
            @Descriptor("NAME: the service's name") String... arguments) {
        return commands.stop(supervisor, arguments);
    }

    @Descriptor("starts a service by hand that is not running (stopped, given up, ended, or waiting for a restart)")
    public String start(
            @Descriptor("the supervisor that runs the service, when its name is in several")
            @Parameter(names = {"-s", "--supervisor"}, absentValue = "") String supervisor,
            @Descriptor("NAME: the service's name") String... arguments) {
        return commands.start(supervisor, arguments);
    }

    @Descriptor("restarts a service by hand: cancels its run and starts a new one at once")
    public String restart(
            @Descriptor("the supervisor that runs the service, when its name is in several")
            @Parameter(names = {"-s", "--supervisor"}, absentValue = "") String supervisor,
            @Descriptor("NAME: the service's name") String... arguments) {
        return commands.restart(supervisor, arguments);
    }

    @Descriptor("lists the whiteboard registrations the supervisors refused or took otherwise, and why")
    public String refused(
            @Descriptor("only the supervisor with this name") @Parameter(names = {"-s", "--supervisor"}, absentValue = "")
            String supervisor,
            @Descriptor("none: refused takes options only") String... arguments) {
        return commands.refused(supervisor, arguments);
    }

    @Descriptor("starts again a supervisor that escalated or ended, without a bundle restart: re-applies its"
            + " configuration through ConfigurationAdmin (creates PID 'supervisor' for the default supervisor"
            + " without one)")
    public String reset(@Descriptor("SUPERVISOR: the supervisor's name") String... arguments) {
        return commands.reset(arguments);
    }
}
