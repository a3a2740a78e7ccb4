package supervisor.shell;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * One registered supervisor as the shell sees it: its name (the {@value SupervisorConstants#NAME}
 * service property), the runtime, and the configuration PID that {@code supervisor:reset}
 * re-applies, or null if it has none the shell can find.
 */
record Target(String name, SupervisorRuntime runtime, String pid) {

    /** Checks that name and runtime are there. */
    Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * The target of a registered runtime from its service properties: the name from
     * {@value SupervisorConstants#NAME} (else {@link SupervisorRuntime#name()}); the PID from
     * {@code service.pid} (a String, or the first of several), else {@value SupervisorConstants#PID}
     * when {@code component.name} says it is the default supervisor, which runs without a
     * configuration until one is made.
     */
    static Target of(SupervisorRuntime runtime, Map<String, ?> properties) {
        Object name = properties.get(SupervisorConstants.NAME);
        String pid = first(properties.get("service.pid"));
        if (pid == null && SupervisorConstants.PID.equals(properties.get("component.name"))) {
            pid = SupervisorConstants.PID;
        }
        return new Target(name instanceof String text && !text.isBlank() ? text : runtime.name(), runtime, pid);
    }

    private static String first(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof String[] texts && texts.length > 0) {
            return texts[0];
        }
        if (value instanceof Collection<?> values && !values.isEmpty() && values.iterator().next() instanceof String text) {
            return text;
        }
        return null;
    }
}
