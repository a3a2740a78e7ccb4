package supervisor.jmx;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import supervisor.api.ServiceDescription;
import supervisor.api.SupervisorRuntime;

/**
 * The {@link SupervisorMXBean} of one supervisor: reads map a fresh description, operations call
 * the supervisor and turn what it throws into a one-line exception of a JDK type with no cause, so
 * that a remote client can read it without any of the supervisor's classes. Stateless.
 */
final class SupervisorView implements SupervisorMXBean {

    private final SupervisorRuntime supervisor;

    SupervisorView(SupervisorRuntime supervisor) {
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
    }

    @Override
    public String getName() {
        return supervisor.name();
    }

    @Override
    public String getState() {
        return supervisor.describe().state().name();
    }

    @Override
    public String getEscalation() {
        return supervisor.describe().escalation();
    }

    @Override
    public List<ServiceInfo> getServices() {
        return supervisor.describe().services().stream().map(ServiceInfo::of).toList();
    }

    @Override
    public boolean stop(String service) {
        return act("stop", service, supervisor::stop);
    }

    @Override
    public boolean start(String service) {
        return act("start", service, supervisor::start);
    }

    @Override
    public void restart(String service) {
        act("restart", service, name -> {
            supervisor.restart(name);
            return null;
        });
    }

    private <T> T act(String operation, String service, Function<String, T> action) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("supervisor '" + supervisor.name() + "': " + operation
                    + " needs the name of a service, was " + (service == null ? "null" : "'" + service + "'")
                    + "; its services are " + names());
        }
        try {
            return action.apply(service);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(oneLine(e.getMessage()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("supervisor '" + supervisor.name() + "': " + operation + " of service '"
                    + service + "' failed: " + oneLine(e.toString()));
        }
    }

    private String names() {
        try {
            return supervisor.describe().services().stream().map(ServiceDescription::name).sorted().toList().toString();
        } catch (RuntimeException e) {
            return "unknown (" + oneLine(e.toString()) + ")";
        }
    }

    /** The text on one line: line breaks become spaces; null becomes "(no message)". */
    static String oneLine(String text) {
        return text == null ? "(no message)" : text.replaceAll("\\R+", " ");
    }
}
