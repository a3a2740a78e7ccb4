package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.Status;

/**
 * With default settings, services that spin on the CPU and never block, more of them than cores,
 * stop neither listeners, nor timers, nor another service's run and cancellation, nor a bounded
 * shutdown. (On virtual threads, which are not preempted, they would: that is why platform threads
 * are the default.) Real threads and the real clock: this is about the JVM's scheduling.
 */
class SupervisorStarvationTest {

    private static volatile boolean release;

    @Test
    void moreSpinningServicesThanCores_withDefaults_starveNothing() throws Exception {
        int spinners = Runtime.getRuntime().availableProcessors() + 2;
        CountDownLatch spinning = new CountDownLatch(spinners);
        AtomicInteger failingRuns = new AtomicInteger();
        Recorder recorder = new Recorder();
        Config.Builder config = Config.builder()
                .restartInterval(Duration.ofMillis(20))
                .shutdownTimeout(Duration.ofSeconds(1))
                .listener(recorder);
        for (int i = 0; i < spinners; i++) {
            config.service("spinner-" + i, context -> {
                spinning.countDown();
                long spins = 0;
                while (!release) { // ignores cancellation and interrupts; never blocks
                    spins++;
                }
                if (spins < 0) {
                    throw new AssertionError("unreachable");
                }
            });
        }
        SupervisorEngine supervisor = SupervisorEngine.create(config.build());
        try {
            supervisor.start();
            assertThat(spinning.await(10, TimeUnit.SECONDS)).isTrue();
            supervisor.add("polite", context -> context.awaitCancellation());
            supervisor.add("flaky", context -> {
                if (failingRuns.incrementAndGet() <= 3) {
                    throw new Exception("flaky");
                }
                context.awaitCancellation();
            });
            recorder.awaitStatus("polite", Status.RUNNING); // a listener hears a new service run
            await().atMost(Duration.ofSeconds(10)).until(() -> failingRuns.get() > 3); // timers restart it
            assertThat(supervisor.stop("polite")).isTrue(); // its cancellation reaches it
            long cancelled = System.nanoTime();
            supervisor.cancel();
            RunResult result = supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled);
            assertThat(tookMillis).isLessThan(5_000); // bounded: one shutdown timeout (1 s), with slack for a loaded machine
            assertThat(result.leftRunning()).hasSize(spinners).allMatch(name -> name.startsWith("spinner-"));
            assertThat(result.finalStatuses()).filteredOn(u -> u.serviceName().equals("flaky"))
                    .extracting(u -> u.status()).containsExactly(Status.STOPPED);
        } finally {
            release = true;
        }
    }
}
