package supervisor.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import supervisor.api.Config;
import supervisor.api.Supervisor;
import supervisor.core.SupervisorEngine;

/**
 * Supervising several services: the Go original's {@code ExampleSupervisor} (the first example of
 * its README). Two player services hit a ball across a table (a hand-off queue, Go's unbuffered
 * channel) for two rounds; the last hit cancels the supervisor. Prints {@code ping pong ping pong},
 * one word a line. As in the original, a game that hangs still ends after one second.
 */
public final class PingPong {

    private PingPong() {
    }

    /** Plays the game, printing to {@code out}; returns when the supervisor has ended. */
    public static void play(PrintStream out) {
        Supervisor supervisor = SupervisorEngine.create(Config.builder()
                .restartInterval(Duration.ofMillis(10))
                .build());
        SynchronousQueue<Integer> table = new SynchronousQueue<>();
        int roundsToPlay = 2;
        supervisor.add("ping", context -> {
            int ball = roundsToPlay;
            while (true) {
                table.put(ball);
                out.println("ping");
                ball = table.take();
                if (ball == 0) {
                    supervisor.cancel();
                    return;
                }
            }
        });
        supervisor.add("pong", context -> {
            while (true) {
                int ball = table.take();
                if (ball == 0) {
                    return;
                }
                table.put(ball - 1);
                out.println("pong");
            }
        });
        // Like the original's one-second context deadline: a game that hangs still ends.
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(supervisor::cancel);
        supervisor.run();
    }

    public static void main(String[] args) {
        play(System.out);
    }
}
