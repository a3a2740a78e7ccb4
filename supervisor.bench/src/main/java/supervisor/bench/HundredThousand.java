package supervisor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.ThreadKind;
import supervisor.core.SupervisorEngine;

/**
 * Checks the claim "100,000 supervised services fit in one JVM": starts that many services that
 * block until cancelled (on the engine's default threads: virtual on Java 21+), with one listener,
 * and prints the time until every service is RUNNING, the heap they use, and the time to shut them
 * all down. Not a JMH benchmark: one measured run, each phase timed once.
 *
 * <p>Arguments: {@code [services] [VIRTUAL|PLATFORM]}, default 100000, on virtual threads where the JVM has them.
 */
public final class HundredThousand {

    private HundredThousand() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        ThreadKind kind = args.length > 1 ? ThreadKind.valueOf(args[1])
                : ThreadKind.virtualThreadsAvailable() ? ThreadKind.VIRTUAL : ThreadKind.PLATFORM;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf("Java %s (%s), %d cores, max heap %d MiB; %d services, threads %s%n",
                Runtime.version(), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, services,
                kind);

        long heapBefore = usedHeapAfterGc(memory);

        CountDownLatch running = new CountDownLatch(services);
        AtomicLong events = new AtomicLong();
        AtomicLong missed = new AtomicLong();
        Config.Builder config = Config.builder()
                .threadKind(kind)
                .shutdownTimeout(Duration.ofMinutes(10))
                .listener(event -> {
                    events.incrementAndGet();
                    missed.addAndGet(event.missed());
                });
        for (int i = 0; i < services; i++) {
            config.service("service-" + i, context -> {
                running.countDown();
                context.awaitCancellation();
            });
        }
        SupervisorEngine supervisor = SupervisorEngine.create(config.build());

        long t0 = System.nanoTime();
        supervisor.start();
        long started = System.nanoTime();
        running.await();
        long allRunning = System.nanoTime();
        long runningInSnapshot = supervisor.statuses().stream().filter(u -> u.status() == Status.RUNNING).count();
        System.out.printf("start() returned after       %,8d ms (IDLE published and a thread started for each)%n", ms(started - t0));
        System.out.printf("all services RUNNING after   %,8d ms (%,d of %,d RUNNING in statuses())%n",
                ms(allRunning - t0), runningInSnapshot, services);

        long heapRunning = usedHeapAfterGc(memory);
        long used = heapRunning - heapBefore;
        System.out.printf("heap used by them            %,8d MiB (%,d bytes per service; after full GC, %,d MiB before, %,d MiB after)%n",
                used >> 20, used / services, heapBefore >> 20, heapRunning >> 20);
        System.out.printf("process resident set         %,8d MiB%n", residentMiB());
        System.out.printf("listener events delivered    %,8d (+ %,d coalesced away) of %,d published so far%n",
                events.get(), missed.get(), 2L * services);

        long t1 = System.nanoTime();
        supervisor.cancel();
        long cancelled = System.nanoTime();
        RunResult result = supervisor.run(); // returns once every service stopped and listeners drained
        long closed = System.nanoTime();
        List<StatusUpdate> statuses = result.finalStatuses();
        long stopped = statuses.stream().filter(u -> u.status() == Status.STOPPED).count();
        System.out.printf("cancel() returned after      %,8d ms (every context cancelled, every thread interrupted)%n", ms(cancelled - t1));
        System.out.printf("shut down after              %,8d ms (%,d of %,d STOPPED, %d left running)%n",
                ms(closed - t1), stopped, services, result.leftRunning().size());
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }
}
