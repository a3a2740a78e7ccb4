package supervisor.jmx.osgi;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import supervisor.api.SupervisorRuntime;
import supervisor.jmx.SupervisorJmx.Registration;

/**
 * Keeps one MBean registered for each known supervisor while enabled, and none while disabled.
 * Plain Java: the component gives it supervisors as they come and go, and the switch.
 *
 * <p>Concurrency: {@link #lock} guards {@link #known}, {@link #registered} and {@link #enabled}.
 * Registering and unregistering (which call MBeanServer listeners) happen only outside the lock;
 * a registration is kept only if, when it is done, its supervisor is still known, still without a
 * registration, and the switch still on; otherwise it is closed at once. A failed registration (say,
 * two supervisors of the same name) is logged and skipped: the others are registered.
 */
final class Registrar implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Registrar.class.getName());

    private final Function<SupervisorRuntime, Registration> register;
    private final Object lock = new Object();
    /** Every supervisor bound, by identity, in bind order; guarded by {@link #lock}. */
    private final Set<SupervisorRuntime> known = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The registration of each registered supervisor; guarded by {@link #lock}. */
    private final Map<SupervisorRuntime, Registration> registered = new IdentityHashMap<>();
    /** Whether supervisors are to be registered; guarded by {@link #lock}. */
    private boolean enabled;

    Registrar(Function<SupervisorRuntime, Registration> register) {
        this.register = Objects.requireNonNull(register, "register");
    }

    /** A supervisor came: registered if enabled. */
    void add(SupervisorRuntime supervisor) {
        boolean now;
        synchronized (lock) {
            now = known.add(supervisor) && enabled;
        }
        if (now) {
            register(supervisor);
        }
    }

    /** A supervisor went: its MBean, if any, is unregistered. */
    void remove(SupervisorRuntime supervisor) {
        Registration registration;
        synchronized (lock) {
            known.remove(supervisor);
            registration = registered.remove(supervisor);
        }
        close(registration);
    }

    /** Turns registration on (every known supervisor is registered) or off (every MBean is unregistered). */
    void enable(boolean on) {
        List<SupervisorRuntime> toRegister = new ArrayList<>();
        List<Registration> toClose = new ArrayList<>();
        synchronized (lock) {
            enabled = on;
            if (on) {
                for (SupervisorRuntime supervisor : known) {
                    if (!registered.containsKey(supervisor)) {
                        toRegister.add(supervisor);
                    }
                }
            } else {
                toClose.addAll(registered.values());
                registered.clear();
            }
        }
        toRegister.forEach(this::register);
        toClose.forEach(Registrar::close);
    }

    /** How many MBeans this keeps registered. */
    int registeredCount() {
        synchronized (lock) {
            return registered.size();
        }
    }

    /** Unregisters everything and forgets every supervisor. */
    @Override
    public void close() {
        List<Registration> toClose;
        synchronized (lock) {
            enabled = false;
            known.clear();
            toClose = new ArrayList<>(registered.values());
            registered.clear();
        }
        toClose.forEach(Registrar::close);
    }

    private void register(SupervisorRuntime supervisor) {
        Registration registration;
        try {
            registration = register.apply(supervisor);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "supervisor.jmx: supervisor '" + supervisor.name() + "' is not on JMX: " + e.getMessage());
            return;
        }
        boolean keep;
        synchronized (lock) {
            keep = enabled && known.contains(supervisor) && !registered.containsKey(supervisor);
            if (keep) {
                registered.put(supervisor, registration);
            }
        }
        if (!keep) {
            close(registration);
        }
    }

    private static void close(Registration registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "supervisor.jmx: " + e.getMessage());
        }
    }
}
