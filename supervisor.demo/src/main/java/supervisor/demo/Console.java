package supervisor.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.osgi.service.component.annotations.Component;

/**
 * The demo's console: one line per call, each starting with the local time of day
 * ({@code 12:00:01.234}). Thread-safe: {@link PrintStream#println(String)} writes a line at once.
 */
@Component(service = Console.class)
public final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final Clock clock;

    /** Prints to {@link System#out} with the system clock and time zone. */
    public Console() {
        this(System.out, Clock.systemDefaultZone());
    }

    Console(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Prints {@code text} after the time now. */
    public void println(String text) {
        println(clock.instant(), text);
    }

    /** Prints {@code text} after the time of day of {@code time}. */
    public void println(Instant time, String text) {
        out.println(timeOfDay(time, clock.getZone()) + " " + text);
    }

    /** {@code time} as {@code HH:mm:ss.SSS} in {@code zone}. */
    static String timeOfDay(Instant time, ZoneId zone) {
        return TIME.format(LocalTime.ofInstant(time, zone));
    }
}
