package supervisor.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.Supervisor;
import supervisor.core.SupervisorEngine;

/**
 * Restarting a crashed service: the Go original's {@code ExampleNew} (the second example of its
 * README). The service fails on its first three runs and cancels the supervisor on the fourth.
 * Prints {@code service restarted 3 times}: the restart count that the supervisor itself reports
 * on the service's last update (four runs, three restarts), rather than a counter of our own.
 */
public final class RestartCrashed {

    private RestartCrashed() {
    }

    /** Runs the example, printing to {@code out}; returns when the supervisor has ended. */
    public static void play(PrintStream out) {
        Supervisor supervisor = SupervisorEngine.create(Config.builder()
                .restartInterval(Duration.ofMillis(10))
                .build());
        AtomicInteger starts = new AtomicInteger();
        supervisor.add("example", context -> {
            if (starts.incrementAndGet() > 3) {
                supervisor.cancel();
                return;
            }
            throw new Exception("oops");
        });
        RunResult result = supervisor.run();
        out.println("service restarted " + result.finalStatuses().get(0).restartCount() + " times");
    }

    public static void main(String[] args) {
        play(System.out);
    }
}
