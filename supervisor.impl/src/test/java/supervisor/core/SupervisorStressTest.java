package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;

/**
 * Many threads add, remove, stop, start and restart services that fail, return or block, on the
 * real clock, while a listener checks that every event is a legal step of its service's life and
 * agrees with its snapshot. Bounded by operation count, not by time.
 */
class SupervisorStressTest {

    private static final Map<Status, Set<Status>> NEXT = Map.of(
            Status.IDLE, EnumSet.of(Status.RUNNING, Status.STOPPED),
            Status.RUNNING, EnumSet.of(Status.STOPPED, Status.ERROR, Status.PANIC),
            Status.STOPPED, EnumSet.of(Status.IDLE, Status.STOPPED, Status.GAVE_UP),
            Status.ERROR, EnumSet.of(Status.IDLE, Status.ERROR, Status.GAVE_UP),
            Status.PANIC, EnumSet.of(Status.IDLE, Status.PANIC, Status.GAVE_UP),
            Status.GAVE_UP, EnumSet.of(Status.IDLE));

    /** Checks each service's events against {@link #NEXT}; single-threaded by the listener contract. */
    private static final class Checker implements StatusListener {
        final Map<Long, Status> last = new HashMap<>();
        final Set<Long> removed = new java.util.HashSet<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        volatile long events;

        @Override
        public void onStatusChange(StatusEvent event) {
            events++;
            if (event.missed() != 0) {
                violations.add("missed " + event.missed());
            }
            StatusUpdate update = event.update();
            long id = update.serviceId();
            if (removed.contains(id)) {
                violations.add("event after removal: " + update);
            }
            boolean inSnapshot = event.snapshot().contains(update);
            if (event.kind() == StatusEvent.Kind.REMOVED) {
                removed.add(id);
                if (event.snapshot().stream().anyMatch(u -> u.serviceId() == id)) {
                    violations.add("removed but in snapshot: " + update);
                }
                return;
            }
            if (!inSnapshot) {
                violations.add("not in its snapshot: " + update);
            }
            Status previous = last.put(id, update.status());
            if (previous == null ? update.status() != Status.IDLE : !NEXT.get(previous).contains(update.status())) {
                violations.add(previous + " -> " + update.status() + " for " + update);
            }
        }
    }

    @Test
    void concurrentMembershipAndControl_keepEveryServiceOnALegalPath_andEndCleanly() throws Exception {
        Checker checker = new Checker();
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .restartInterval(Duration.ofMillis(1))
                .shutdownTimeout(Duration.ofSeconds(10))
                .listenerBacklog(1 << 20)
                .defaultPolicy(Policy.builder().intensity(50, Duration.ofMillis(100)).build())
                .listener(checker)
                .build());
        supervisor.start();
        int workers = 4;
        int operations = 1500;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            SplittableRandom random = new SplittableRandom(1000 + w);
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < operations; i++) {
                    String name = "s" + random.nextInt(12);
                    try {
                        switch (random.nextInt(6)) {
                            case 0 -> supervisor.add(name, service(random.nextInt(4)));
                            case 1 -> supervisor.remove(name);
                            case 2 -> supervisor.stop(name);
                            case 3 -> supervisor.start(name);
                            case 4 -> supervisor.restart(name);
                            default -> supervisor.history(name);
                        }
                    } catch (IllegalArgumentException expected) {
                        // unknown or duplicate name: another worker got there first
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : done) {
            worker.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        supervisor.close();
        RunResult result = supervisor.termination().toCompletableFuture().get();

        assertThat(checker.violations).isEmpty();
        assertThat(result.leftRunning()).isEmpty();
        assertThat(result.finalStatuses()).allMatch(u -> !u.status().isAlive());
        assertThat(checker.events).isGreaterThan(1000);
    }

    private static Service service(int kind) {
        return switch (kind) {
            case 0 -> context -> {
                throw new Exception("fails at once");
            };
            case 1 -> context -> {
                throw new AssertionError("panics at once");
            };
            case 2 -> context -> { };
            default -> context -> context.awaitCancellation();
        };
    }
}
