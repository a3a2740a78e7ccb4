package supervisor.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One machine-readable result: {@code BENCH {"side":...,"measure":...,...}} on one line, a flat
 * JSON object of strings, whole numbers, decimals and booleans. The Go harness prints the same
 * keys, so {@link Table} reads both.
 */
final class Line {

    /** What starts every result line; everything else a harness prints is commentary. */
    static final String PREFIX = "BENCH ";

    private final Map<String, Object> fields = new LinkedHashMap<>();

    Line put(String key, Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(key + " must be a finite number, was " + d);
            }
        }
        fields.put(key, value);
        return this;
    }

    String json() {
        StringBuilder text = new StringBuilder("{");
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(quote(field.getKey())).append(':');
            Object value = field.getValue();
            if (value instanceof Double || value instanceof Float) {
                text.append(String.format(Locale.ROOT, "%.4f", ((Number) value).doubleValue()));
            } else if (value instanceof Number || value instanceof Boolean) {
                text.append(value);
            } else {
                text.append(quote(String.valueOf(value)));
            }
        }
        return text.append('}').toString();
    }

    @Override
    public String toString() {
        return PREFIX + json();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
