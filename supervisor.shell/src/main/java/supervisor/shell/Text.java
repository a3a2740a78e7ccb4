package supervisor.shell;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Small text helpers: one-line forms of values and throwables, and stack traces. Pure functions. */
final class Text {

    /** The longest one-line error the list shows. */
    static final int ERROR_WIDTH = 60;

    private Text() {
    }

    /**
     * The value on one line: every control character (line breaks and tabs included) becomes a
     * space, runs of spaces collapse; {@code -} for null or blank.
     */
    static String oneLine(Object value) {
        if (value == null) {
            return Times.NONE;
        }
        StringBuilder text = new StringBuilder();
        String raw = value.toString();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean blank = Character.isISOControl(c) || Character.isWhitespace(c);
            if (!blank) {
                text.append(c);
            } else if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
                text.append(' ');
            }
        }
        String line = text.toString().strip();
        return line.isEmpty() ? Times.NONE : line;
    }

    /** At most {@code width} characters: longer text is cut and ends with {@code ...}. */
    static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 3)) + "...";
    }

    /**
     * A throwable on one line: its simple class name, a colon and its message ({@code
     * IllegalStateException: boom}), or only the class name without a message; {@code -} for null.
     */
    static String error(Throwable error) {
        if (error == null) {
            return Times.NONE;
        }
        String message = error.getMessage();
        String type = error.getClass().getSimpleName().isEmpty() ? error.getClass().getName()
                : error.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + oneLine(message);
    }

    /** The throwable's stack trace as {@link Throwable#printStackTrace()} writes it, every line indented. */
    static String stackTrace(Throwable error, String indent) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        StringBuilder text = new StringBuilder();
        for (String line : out.toString().split("\\R")) {
            if (!line.isEmpty()) {
                text.append(indent).append(line).append('\n');
            }
        }
        return text.toString();
    }
}
