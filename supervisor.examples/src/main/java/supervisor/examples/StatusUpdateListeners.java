package supervisor.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import supervisor.api.Config;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.Supervisor;
import supervisor.core.SupervisorEngine;

/**
 * Listening to status changes: the Go original's {@code ExampleConfig_StatusUpdateListeners}
 * (its {@code example_test.go}). A service that fails at once is restarted every 10 ms; a listener
 * counts the ends of its runs and cancels the supervisor at the third. Prints
 * {@code service stopped 3 times}.
 *
 * <p>The original's listener receives every service's latest update on each change and tests
 * {@code ServiceName == "example" && Status == StatusError || Status == StatusStopped}, which Go
 * reads as {@code (example and ERROR) or STOPPED}; with a single service that is "the example
 * stopped or failed". The Java listener looks at the one update each {@link StatusEvent.Kind#CHANGED}
 * event carries, and says what it means: the example's run ended in {@link Status#ERROR} or
 * {@link Status#STOPPED}. Other kinds are skipped: a {@link StatusEvent.Kind#REVISED} event (the
 * pending restart called off by the shutdown) repeats a status already counted.
 */
public final class StatusUpdateListeners {

    private StatusUpdateListeners() {
    }

    /** Runs the example, printing to {@code out}; returns when the supervisor has ended. */
    public static void play(PrintStream out) {
        Supervisor supervisor = SupervisorEngine.create(Config.builder()
                .restartInterval(Duration.ofMillis(10))
                .service("example", context -> {
                    throw new Exception("oops");
                })
                .build());
        // Go calls its listeners synchronously on the supervisor's loop, so its cancel() is in
        // force before the next restart tick. Here a listener runs on a thread of its own (a slow
        // one must not stall supervision), so the restart due 10 ms after the third failure may
        // still begin before the listener's cancel() lands, and the end of that fourth run reach
        // the listener too. What the example shows is the count the listener acted on: that is
        // the value it hands over when it cancels, and the one printed, whatever ends after it.
        AtomicInteger stopsWhenCancelled = new AtomicInteger();
        supervisor.addListener(new StatusListener() {
            private int stops; // a listener is never called concurrently with itself

            @Override
            public void onStatusChange(StatusEvent event) {
                if (event.kind() == StatusEvent.Kind.CHANGED && isStop(event.update())) {
                    stops++;
                    if (stops == 3) {
                        stopsWhenCancelled.set(stops);
                        supervisor.cancel();
                    }
                }
            }
        });
        supervisor.run();
        out.println("service stopped " + stopsWhenCancelled.get() + " times");
    }

    private static boolean isStop(StatusUpdate update) {
        return update.serviceName().equals("example")
                && (update.status() == Status.ERROR || update.status() == Status.STOPPED);
    }

    public static void main(String[] args) {
        play(System.out);
    }
}
