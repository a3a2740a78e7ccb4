package supervisor.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.testing.FakeScheduler;

/** A supervisor on a fake clock with one recording listener. */
final class Fixture implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final FakeScheduler clock = new FakeScheduler();
    final Recorder recorder = new Recorder();
    final SupervisorEngine supervisor;

    Fixture(UnaryOperator<Config.Builder> configure) {
        supervisor = SupervisorEngine.create(configure.apply(Config.builder()
                .restartInterval(INTERVAL)
                .shutdownTimeout(TIMEOUT)
                .scheduler(clock)
                .listener(recorder)).build());
    }

    /** A service that ignores cancellation and interrupts, and ends only once {@code letGo} is open. */
    static Service ignoringCancellation(CountDownLatch letGo) {
        return context -> {
            while (letGo.getCount() > 0) {
                try {
                    letGo.await();
                } catch (InterruptedException ignored) {
                    // refuses to stop
                }
            }
        };
    }

    /** Cancels the supervisor and, should a service ignore that, moves past the shutdown timeout. */
    @Override
    public void close() throws Exception {
        supervisor.cancel();
        CompletableFuture<RunResult> end = supervisor.termination().toCompletableFuture();
        try {
            end.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            clock.advance(TIMEOUT);
            end.get(10, TimeUnit.SECONDS);
        }
    }
}
