package supervisor.demo;

import java.time.Duration;
import supervisor.api.StatusUpdate;

/**
 * One status update as one readable line, without the time:
 * {@code default/flaky ERROR (FAILED) java.lang.IllegalStateException: boom, restart in 500 ms}.
 */
final class StatusLine {

    private StatusLine() {
    }

    /** {@code update} of the supervisor named {@code supervisor}. */
    static String of(String supervisor, StatusUpdate update) {
        StringBuilder line = new StringBuilder()
                .append(supervisor).append('/').append(update.serviceName())
                .append(' ').append(update.status())
                .append(" (").append(update.reason()).append(')');
        if (update.error() != null) {
            line.append(' ').append(firstLine(update.error().toString()));
        }
        if (update.detail() != null) {
            line.append(": ").append(firstLine(update.detail()));
        }
        if (update.nextRestart() != null) {
            long millis = Math.max(0, Duration.between(update.time(), update.nextRestart()).toMillis());
            line.append(", restart in ").append(millis).append(" ms");
        }
        if (update.restartCount() > 0) {
            line.append(update.restartCount() == 1 ? ", 1 restart so far" : ", " + update.restartCount() + " restarts so far");
        }
        return line.toString();
    }

    /** The text up to its first line break, so that each update stays on one line. */
    private static String firstLine(String text) {
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return end == text.length() ? text : text.substring(0, end) + " ...";
    }
}
