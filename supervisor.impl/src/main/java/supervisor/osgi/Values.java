package supervisor.osgi;

import java.lang.reflect.Array;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How the adapter reads one property value, whether it comes from ConfigAdmin, from a component
 * description or from a plain service registration. Pure and stateless; every parser throws
 * {@link IllegalArgumentException} with a short reason.
 *
 * <p>A value may be a single value, or an array or collection of exactly one (Declarative Services
 * writes a component property type's array element so); it is unset when it is absent, a blank
 * String, or an empty array or collection.
 */
final class Values {

    /** What a duration looks like, for messages. */
    static final String DURATION_FORMAT = "milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S)";

    private Values() {
    }

    /** Whether the value counts as not given: null, a blank String, or an empty array or collection. */
    static boolean isUnset(Object value) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            return true;
        }
        if (value.getClass().isArray()) {
            return Array.getLength(value) == 0;
        }
        return value instanceof Collection<?> items && items.isEmpty();
    }

    /** The one value of a single-element array or collection, or the value itself. */
    static Object single(Object value) {
        if (value.getClass().isArray()) {
            if (Array.getLength(value) != 1) {
                throw new IllegalArgumentException("expected a single value, not " + Array.getLength(value));
            }
            return Array.get(value, 0);
        }
        if (value instanceof Collection<?> items) {
            if (items.size() != 1) {
                throw new IllegalArgumentException("expected a single value, not " + items.size());
            }
            return items.iterator().next();
        }
        return value;
    }

    /** Milliseconds (a whole number, or a String of digits) or an ISO-8601 duration String, any case. */
    static Duration duration(Object value) {
        if (value instanceof Number) {
            return Duration.ofMillis(wholeNumberLong(value));
        }
        String text = value.toString().trim();
        if (text.matches("[+-]?\\d+")) {
            return Duration.ofMillis(wholeNumberLong(text));
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            // digits too many for a long, or a sum that overflows: a duration out of range, not a malformed one
            boolean overflow = e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException;
            throw new IllegalArgumentException(overflow ? "out of range" : "not a number of milliseconds nor an ISO-8601"
                    + " duration", e);
        }
    }

    /** A whole number: an integral {@link Number}, or a String of digits. */
    static long wholeNumberLong(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number) {
            throw new IllegalArgumentException("not a whole number");
        }
        String text = value.toString().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // digits that do not fit a long are a number out of range, not a malformed one
            throw new IllegalArgumentException(text.matches("[+-]?\\d+") ? "out of range" : "not a whole number", e);
        }
    }

    /** A whole number within the range of an int. */
    static int wholeNumber(Object value) {
        long number = wholeNumberLong(value);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("out of range");
        }
        return (int) number;
    }

    /** A finite number: any {@link Number}, or a String such as {@code "1.5"}. */
    static double number(Object value) {
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else {
            try {
                number = Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number", e);
            }
        }
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("not a finite number");
        }
        return number;
    }

    /** A Boolean, or the String {@code true} or {@code false} in any case. */
    static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("not true or false");
    }

    /** A constant of {@code type} by name, any case. */
    static <E extends Enum<E>> E constant(Class<E> type, Object value) {
        try {
            return Enum.valueOf(type, value.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no such " + type.getSimpleName(), e);
        }
    }

    /** The names of an enum's constants, as a message shows them. */
    static String names(Class<? extends Enum<?>> type) {
        return Arrays.toString(type.getEnumConstants());
    }

    /** A value as messages quote it: Strings in quotes, arrays with their element type, others with their type. */
    static String describe(Object value) {
        if (value instanceof String) {
            return "'" + value + "'";
        }
        if (value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            return value.getClass().getComponentType().getSimpleName() + "[] " + items;
        }
        if (value instanceof Collection<?> items) {
            return "Collection " + items; // not the class: the JDK's own list classes have internal names
        }
        return value + " (" + value.getClass().getSimpleName() + ")";
    }

    /**
     * Parses property {@code name} with {@code parser}: {@code fallback} when it is unset, or when
     * it is invalid, then recording a problem that names the property, the value, the reason and
     * {@code expected}.
     */
    static <T> T read(Map<String, ?> properties, String name, T fallback, List<String> problems,
            Function<Object, T> parser, String expected) {
        Object raw = properties.get(name);
        if (isUnset(raw)) {
            return fallback;
        }
        try {
            Object value = single(raw);
            return isUnset(value) ? fallback : parser.apply(value);
        } catch (RuntimeException e) {
            problems.add(problem(name, raw, e.getMessage(), expected));
            return fallback;
        }
    }

    /** How a rejected value of a {@linkplain #isSecret secret} property is shown instead of the value. */
    static final String SECRET = "(secret, not shown)";

    /**
     * Whether property {@code name} holds a secret, whose value no message may show: a name that
     * starts with {@code .} (the OSGi convention for private configuration properties, which
     * Declarative Services never propagates to service properties), or that contains
     * {@code password} or {@code secret} in any case. A metatype attribute of type
     * {@code PASSWORD}, should the supervisor's definition ever get one, must be named so.
     */
    static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith(".") || lower.contains("password") || lower.contains("secret");
    }

    /**
     * A problem with a property: its name, its value, why it is invalid and what is expected. The
     * one place that formats a rejected value: for a {@linkplain #isSecret secret} property neither
     * the value nor the reason (which may quote it) is shown.
     */
    static String problem(String name, Object value, String reason, String expected) {
        if (isSecret(name)) {
            return name + " = " + SECRET + " is invalid; expected " + expected;
        }
        return name + " = " + describe(value) + " is invalid (" + reason + "); expected " + expected;
    }
}
