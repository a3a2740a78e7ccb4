package supervisor.osgi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import supervisor.api.Config;
import supervisor.api.SupervisorConstants;

/**
 * Chooses the name a whiteboard service is supervised under. Pure and stateless.
 *
 * <p>Rules: the {@value SupervisorConstants#NAME} service property if it is a valid name (see
 * {@link Config#checkServiceName(String)}), else the {@code component.name} property if valid, else
 * the service object's class name. If the supervisor already runs a service of that name, the
 * {@code service.id} is appended ({@code name#42}), so two registrations of one name both run and
 * the one registered first keeps the plain name when they bind in order of registration.
 */
final class ServiceNames {

    static final String COMPONENT_NAME = "component.name";
    /** What a name property must be, for messages. */
    static final String EXPECTED = "a String: not blank, at most 200 characters, no control characters";

    private ServiceNames() {
    }

    /**
     * The chosen name, with a note for each rule that was passed over or applied.
     *
     * @param name never null, valid and not taken
     * @param notes why a property was not used, or why the name got a suffix; empty when the first
     *     choice was taken as it was
     * @param renamed the note of {@code notes} saying why the name got a suffix, or null if it got none
     */
    record Choice(String name, List<String> notes, String renamed) {
        Choice {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Chooses a name.
     *
     * @param properties the service's registration properties
     * @param serviceId its {@code service.id}
     * @param type the class of the service object
     * @param taken whether the supervisor already runs a service of a given name
     */
    static Choice choose(Map<String, ?> properties, long serviceId, Class<?> type, Predicate<String> taken) {
        List<String> notes = new ArrayList<>();
        String base = candidate(properties, SupervisorConstants.NAME, notes);
        if (base == null) {
            base = candidate(properties, COMPONENT_NAME, notes);
        }
        if (base == null) {
            base = type.getName();
        }
        if (!taken.test(base)) {
            return new Choice(base, notes, null);
        }
        String suffix = "#" + serviceId;
        String unique = base.length() + suffix.length() > 200 ? base.substring(0, 200 - suffix.length()) + suffix : base + suffix;
        while (taken.test(unique)) {
            unique = unique.substring(0, Math.min(unique.length(), 200 - suffix.length())) + suffix;
        }
        String renamed = "a service named '" + base + "' is already supervised, so service.id " + serviceId
                + " runs as '" + unique + "'";
        notes.add(renamed);
        return new Choice(unique, notes, renamed);
    }

    private static String candidate(Map<String, ?> properties, String property, List<String> notes) {
        Object value = properties.get(property);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            notes.add("ignored service property " + Values.problem(property, value, "not a String", EXPECTED));
            return null;
        }
        try {
            return Config.checkServiceName(text);
        } catch (IllegalArgumentException e) {
            notes.add("ignored service property " + Values.problem(property, value, e.getMessage(), EXPECTED));
            return null;
        }
    }
}
