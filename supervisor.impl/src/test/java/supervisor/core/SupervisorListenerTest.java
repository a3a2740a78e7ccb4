package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.testing.FakeScheduler;

/** How status changes reach listeners. */
class SupervisorListenerTest {

    @Test
    void everyEvent_fromTheFirst_carriesTheLatestUpdateOfEveryService_orderedById() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("b", c -> c.awaitCancellation()).service("a", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            StatusEvent first = f.recorder.next();
            assertThat(Recorder.describe(first)).isEqualTo("b IDLE");
            assertThat(first.snapshot()).extracting(u -> u.serviceName() + " " + u.status())
                    .containsExactly("b IDLE", "a IDLE");
            StatusEvent second = f.recorder.next();
            assertThat(Recorder.describe(second)).isEqualTo("a IDLE");
            assertThat(second.snapshot()).extracting(u -> u.serviceName() + " " + u.status())
                    .containsExactly("b IDLE", "a IDLE");
            List<StatusEvent> rest = List.of(f.recorder.next(), f.recorder.next());
            assertThat(rest.get(1).snapshot()).extracting(u -> u.serviceName() + " " + u.status())
                    .containsExactly("b RUNNING", "a RUNNING");
            assertThat(rest).allMatch(e -> e.missed() == 0);
        }
    }

    @Test
    void twoListeners_seeTheSameEventsInTheSameOrder() throws Exception {
        Recorder other = new Recorder();
        try (Fixture f = new Fixture(b -> b.listener(other)
                .service("a", c -> {
                    throw new Exception("a");
                })
                .service("b", c -> {
                    throw new Exception("b");
                }))) {
            f.supervisor.start();
            awaitAllInError(f);
            f.clock.advance(Fixture.INTERVAL);
            List<String> seen = f.recorder.next(12);
            assertThat(other.next(12)).isEqualTo(seen);
            assertThat(seen.stream().filter(s -> s.startsWith("a"))).containsExactly(
                    "a IDLE", "a RUNNING", "a ERROR", "a IDLE", "a RUNNING", "a ERROR");
        }
    }

    @Test
    void listeners_areNeverCalledOnAServiceThread() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("worker", c -> {
            throw new Exception("x");
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("worker", Status.ERROR);
            assertThat(f.recorder.threads).isNotEmpty().allMatch(name -> name.startsWith("supervisor-listener-"));
        }
    }

    @Test
    void aListener_isNeverCalledConcurrentlyWithItself() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        StatusListener checking = event -> {
            if (inside.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            Thread.yield();
            inside.decrementAndGet();
            calls.incrementAndGet();
        };
        try (Fixture f = new Fixture(b -> {
            b.listener(checking).listenerBacklog(1 << 16);
            for (int i = 0; i < 20; i++) {
                b.service("s" + i, c -> {
                    throw new Exception("x");
                });
            }
            return b;
        })) {
            f.supervisor.start();
            for (int round = 0; round < 5; round++) {
                awaitAllInError(f);
                f.clock.advance(Fixture.INTERVAL);
            }
            awaitAllInError(f);
            int published = 20 * 6 * 3; // 6 runs of 20 services, 3 changes a run
            await().atMost(10, TimeUnit.SECONDS).until(() -> calls.get() == published);
            assertThat(overlapped).isFalse();
        }
    }

    @Test
    void aListenerThatThrows_isLogged_andKeepsReceiving() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        StatusListener throwing = event -> {
            seen.add(Recorder.describe(event));
            throw new IllegalStateException("listener bug");
        };
        try (Fixture f = new Fixture(b -> b.listener(throwing).service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("s", Status.RUNNING);
            f.supervisor.cancel();
            f.recorder.awaitStatus("s", Status.STOPPED);
            await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 3);
            assertThat(seen).containsExactly("s IDLE", "s RUNNING", "s STOPPED");
        }
    }

    @Test
    void aBlockedListener_delaysNeitherSupervisionNorOtherListeners() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<StatusEvent> slowSaw = Collections.synchronizedList(new ArrayList<>());
        StatusListener blocked = event -> {
            slowSaw.add(event);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (Fixture f = new Fixture(b -> b.listener(blocked).listenerBacklog(4).service("s", c -> {
            throw new Exception("x");
        }))) {
            f.supervisor.start();
            for (int run = 0; run < 10; run++) {
                assertThat(f.recorder.next(3)).containsExactly("s IDLE", "s RUNNING", "s ERROR");
                f.clock.advance(Fixture.INTERVAL);
            }
            assertThat(f.recorder.next(3)).containsExactly("s IDLE", "s RUNNING", "s ERROR");
            f.supervisor.history("s"); // takes the engine's lock: the last change has been queued for every listener
            assertThat(f.supervisor.status("s").orElseThrow().restartCount()).isEqualTo(10);
            assertThat(slowSaw).hasSize(1);

            release.countDown();
            // 33 events (11 runs of 3). The listener blocked in its first call; what came next
            // overflowed the backlog of 4, so the second call has only the latest event, and
            // the missed counts of both calls add up to the 31 events it never saw.
            await().atMost(10, TimeUnit.SECONDS).until(() -> slowSaw.size() >= 2);
            StatusEvent caughtUp = slowSaw.get(1);
            assertThat(caughtUp.update()).isEqualTo(f.supervisor.statuses().get(0));
            assertThat(slowSaw.get(0).missed() + caughtUp.missed()).isEqualTo(31);
            assertThat(slowSaw).hasSize(2);
        }
    }

    @Test
    void aListenerAddedWhileRunning_firstGetsTheCurrentSnapshot_thenEveryChange() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("a", c -> c.awaitCancellation()).service("b", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("a", Status.RUNNING);
            f.recorder.awaitStatus("b", Status.RUNNING);
            Recorder late = new Recorder();
            f.supervisor.addListener(late);
            StatusEvent current = late.next();
            assertThat(current.kind()).isEqualTo(StatusEvent.Kind.CURRENT);
            assertThat(current.update()).isNull();
            assertThat(current.snapshot()).extracting(u -> u.serviceName() + " " + u.status())
                    .containsExactly("a RUNNING", "b RUNNING");
            f.supervisor.remove("a");
            assertThat(late.next(2)).containsExactly("a STOPPED", "a removed");
        }
    }

    @Test
    void aRemovedListener_isNotCalledAgain() throws Exception {
        Recorder removed = new Recorder();
        try (Fixture f = new Fixture(b -> b.listener(removed).service("s", c -> {
            throw new Exception("x");
        }))) {
            f.supervisor.start();
            assertThat(removed.next(3)).containsExactly("s IDLE", "s RUNNING", "s ERROR");
            assertThat(f.supervisor.removeListener(removed)).isTrue();
            assertThat(f.supervisor.removeListener(removed)).isFalse();
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.recorder.next(6)).hasSize(6);
            assertThat(removed.isEmpty()).isTrue();
        }
    }

    @Test
    void removeListener_waitsForItsCallInProgress_soItIsNeverCalledConcurrentlyWhenAddedAgain() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        StatusListener slow = event -> {
            if (inside.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
        };
        try (Fixture f = new Fixture(b -> b.listener(slow).service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.CompletableFuture<Boolean> removal =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> f.supervisor.removeListener(slow));
            assertThat(removal).isNotDone(); // the call in progress holds it
            release.countDown();
            assertThat(removal.get(10, TimeUnit.SECONDS)).isTrue();
            f.supervisor.addListener(slow);
            await().atMost(10, TimeUnit.SECONDS).until(() -> inside.get() == 0);
            assertThat(overlapped).isFalse();
        }
    }

    @Test
    void run_returnsOnlyAfterEveryListenerReceivedTheFinalUpdates() {
        List<StatusEvent> seen = Collections.synchronizedList(new ArrayList<>());
        StatusListener slowish = event -> {
            Thread.yield();
            seen.add(event);
        };
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .scheduler(new FakeScheduler())
                .listener(slowish)
                .build());
        supervisor.add("waiting", c -> c.awaitCancellation());
        supervisor.add("stopper", c -> supervisor.cancel());
        RunResult result = supervisor.run();
        assertThat(seen.get(seen.size() - 1).snapshot()).containsExactlyElementsOf(result.finalStatuses());
        assertThat(result.finalStatuses()).extracting(u -> u.serviceName() + " " + u.status())
                .containsExactly("waiting STOPPED", "stopper STOPPED");
    }

    private static void awaitAllInError(Fixture f) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> f.supervisor.statuses().stream()
                .allMatch(u -> u.status() == Status.ERROR));
    }
}
