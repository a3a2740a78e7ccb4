package supervisor.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.testing.FakeScheduler;

/**
 * The program that {@link FaultOutOfMemoryTest} runs in a JVM of its own with a small heap: a
 * supervisor on a fake clock with a bystander and a hog, whose first {@value #EXHAUSTING_RUNS} runs
 * fill the heap with 1 MiB arrays until the JVM throws {@link OutOfMemoryError}; its later runs
 * behave. Each exhausting run starts allocating only once the listener has told its RUNNING, so no
 * supervisor thread is busy while the heap is full. Then the bystander is stopped and started, and
 * the supervisor shut down.
 *
 * <p>It prints one fact a line, for the test to check: {@code heap <max bytes>}, then per
 * exhausting run {@code panic <run> <error class> <message> <stack frames> <MiB allocated>}, then
 * every event the listener received ({@code event <Recorder.describe>}), then
 * {@code result <left running> <failed>}, and last {@code done}. Any failure prints
 * {@code failed <what>} and exits with status 1.
 */
final class FaultOomChild {

    static final int EXHAUSTING_RUNS = 3;

    private FaultOomChild() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            run(out);
            out.println("done");
            out.flush();
            System.exit(0);
        } catch (Throwable t) {
            out.println("failed " + t);
            t.printStackTrace(out);
            out.flush();
            System.exit(1);
        }
    }

    private static void run(PrintStream out) throws Exception {
        out.println("heap " + Runtime.getRuntime().maxMemory());
        FakeScheduler clock = new FakeScheduler();
        Recorder recorder = new Recorder();
        Semaphore go = new Semaphore(0);
        AtomicInteger runs = new AtomicInteger();
        AtomicLong allocatedMiB = new AtomicLong();
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .restartInterval(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(5))
                .scheduler(clock)
                .listener(recorder)
                .service("bystander", context -> context.awaitCancellation())
                .service("hog", context -> {
                    if (runs.incrementAndGet() > EXHAUSTING_RUNS) {
                        context.awaitCancellation();
                        return;
                    }
                    go.acquire();
                    allocatedMiB.set(0);
                    List<long[]> hoard = new ArrayList<>();
                    while (true) {
                        hoard.add(new long[128 * 1024]); // 1 MiB
                        allocatedMiB.incrementAndGet();
                    }
                })
                .build());
        supervisor.start();
        expect(recorder.next("bystander", 2), List.of("bystander IDLE", "bystander RUNNING"));
        for (int run = 1; run <= EXHAUSTING_RUNS; run++) {
            expect(recorder.next("hog", 2), List.of("hog IDLE", "hog RUNNING"));
            go.release();
            StatusUpdate end = recorder.awaitStatus("hog", Status.PANIC);
            Throwable error = end.error();
            out.println("panic " + run + " " + error.getClass().getName() + " " + String.valueOf(error.getMessage()).replace(' ', '_')
                    + " " + error.getStackTrace().length + " " + allocatedMiB.get());
            if (end.nextRestart() == null) {
                throw new AssertionError("no restart scheduled after " + end);
            }
            clock.advance(Duration.ofSeconds(1));
        }
        expect(recorder.next("hog", 2), List.of("hog IDLE", "hog RUNNING"));
        if (!supervisor.stop("bystander") || !supervisor.start("bystander")) {
            throw new AssertionError("the bystander did not stop and start: " + supervisor.statuses());
        }
        expect(recorder.next("bystander", 3), List.of("bystander STOPPED", "bystander IDLE", "bystander RUNNING"));
        supervisor.cancel();
        RunResult result = supervisor.termination().toCompletableFuture().get(30, TimeUnit.SECONDS);
        recorder.all().forEach(event -> out.println("event " + Recorder.describe(event) + " missed " + event.missed()));
        out.println("result " + result.leftRunning() + " " + result.failed().stream().map(StatusUpdate::serviceName).toList());
    }

    private static void expect(List<String> got, List<String> expected) {
        if (!got.equals(expected)) {
            throw new AssertionError("expected " + expected + ", got " + got);
        }
    }
}
