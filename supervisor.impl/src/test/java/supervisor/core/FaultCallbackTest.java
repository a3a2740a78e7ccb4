package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

/**
 * Services that call back into their supervisor from their own thread: on themselves (stop,
 * remove, restart) and on others (restart, stop and start, add, remove, and two that stop each
 * other at once). None deadlocks; each call answers as documented, from the service's own thread
 * {@code stop} and {@code remove} only cancel and return true at once; every run is told whole and
 * in order, and a bystander keeps running.
 */
class FaultCallbackTest {

    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final AtomicInteger runs = new AtomicInteger();

    private static Fixture withBystander() {
        return new Fixture(b -> b.service("bystander", c -> c.awaitCancellation()));
    }

    private String answer() throws InterruptedException {
        String answer = answers.poll(10, TimeUnit.SECONDS);
        assertThat(answer).as("an answer within 10 s").isNotNull();
        return answer;
    }

    @Test
    void fault_aServiceStoppingItself_isCancelledAtOnce_andEndsStoppedByRequestWithoutRestart() throws Exception {
        try (Fixture f = withBystander()) {
            f.supervisor.add("self", c -> {
                runs.incrementAndGet();
                answers.add("stop " + f.supervisor.stop("self") + ", cancelled " + c.isCancelled());
            });
            f.supervisor.start();
            assertThat(answer()).isEqualTo("stop true, cancelled true");
            assertThat(f.recorder.next("self", 3)).containsExactly("self IDLE", "self RUNNING", "self STOPPED");
            assertThat(f.supervisor.status("self").orElseThrow().reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            f.clock.advance(Duration.ofHours(1));
            assertThat(runs).hasValue(1);
            assertBystanderRunning(f);
            FaultChecks.awaitWholeRuns(f.recorder,
                    bystanderRunning(), Map.entry("self", List.of("self IDLE", "self RUNNING", "self STOPPED")));
        }
    }

    @Test
    void fault_aServiceRemovingItself_isCancelledAtOnce_andIsRemovedWhenItsRunEnds() throws Exception {
        try (Fixture f = withBystander()) {
            f.supervisor.add("self", c -> {
                runs.incrementAndGet();
                answers.add("remove " + f.supervisor.remove("self") + ", cancelled " + c.isCancelled());
            });
            f.supervisor.start();
            assertThat(answer()).isEqualTo("remove true, cancelled true");
            assertThat(f.recorder.next("self", 4)).containsExactly("self IDLE", "self RUNNING", "self STOPPED", "self removed");
            assertThat(f.supervisor.statuses()).extracting(StatusUpdate::serviceName).containsExactly("bystander");
            f.clock.advance(Duration.ofHours(1));
            assertThat(runs).hasValue(1);
            assertBystanderRunning(f);
            FaultChecks.awaitWholeRuns(f.recorder,
                    bystanderRunning(), Map.entry("self", List.of("self IDLE", "self RUNNING", "self STOPPED", "self removed")));
        }
    }

    @Test
    void fault_aServiceRestartingItself_isCancelled_andANewRunStartsWhenThisOneReturns() throws Exception {
        try (Fixture f = withBystander()) {
            f.supervisor.add("self", c -> {
                if (runs.incrementAndGet() == 1) {
                    f.supervisor.restart("self");
                    answers.add("restarted, cancelled " + c.isCancelled());
                    return;
                }
                answers.add("run " + runs.get());
                c.awaitCancellation();
            });
            f.supervisor.start();
            assertThat(answer()).isEqualTo("restarted, cancelled true");
            assertThat(answer()).isEqualTo("run 2");
            assertThat(f.recorder.next("self", 5)).containsExactly(
                    "self IDLE", "self RUNNING", "self STOPPED", "self IDLE", "self RUNNING");
            assertThat(f.supervisor.history("self")).extracting(u -> u.status() + " " + u.reason() + " " + u.restartCount())
                    .containsExactly("IDLE STARTED 0", "RUNNING STARTED 0", "STOPPED RESTARTED_BY_REQUEST 0",
                            "IDLE RESTARTED_BY_REQUEST 1", "RUNNING RESTARTED_BY_REQUEST 1");
            assertThat(f.clock.pendingDueTimes()).isEmpty();
            assertBystanderRunning(f);
            FaultChecks.awaitWholeRuns(f.recorder, bystanderRunning(),
                    Map.entry("self", List.of("self IDLE", "self RUNNING", "self STOPPED", "self IDLE", "self RUNNING")));
        }
    }

    @Test
    void fault_aServiceRestartingAnother_restartsItAtOnce_andKeepsRunning() throws Exception {
        CountDownLatch targetRuns = new CountDownLatch(1);
        try (Fixture f = withBystander()) {
            f.supervisor.add("target", c -> {
                runs.incrementAndGet();
                targetRuns.countDown();
                c.awaitCancellation();
            });
            f.supervisor.add("restarter", c -> {
                targetRuns.await();
                f.supervisor.restart("target");
                answers.add("restarted target, cancelled " + c.isCancelled());
                c.awaitCancellation();
            });
            f.supervisor.start();
            assertThat(answer()).isEqualTo("restarted target, cancelled false");
            assertThat(f.recorder.next("target", 5)).containsExactly(
                    "target IDLE", "target RUNNING", "target STOPPED", "target IDLE", "target RUNNING");
            assertThat(f.supervisor.history("target").get(2).reason()).isEqualTo(Reason.RESTARTED_BY_REQUEST);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAtomic(runs, Matchers.equalTo(2));
            assertThat(f.supervisor.status("restarter").orElseThrow().status()).isEqualTo(Status.RUNNING);
            assertBystanderRunning(f);
            FaultChecks.awaitWholeRuns(f.recorder, bystanderRunning(),
                    Map.entry("target", List.of("target IDLE", "target RUNNING", "target STOPPED", "target IDLE", "target RUNNING")),
                    Map.entry("restarter", List.of("restarter IDLE", "restarter RUNNING")));
        }
    }

    @Test
    void fault_aServiceStoppingAndStartingAnother_waitsForItsEnd_thenStartsItAgain() throws Exception {
        CountDownLatch targetRuns = new CountDownLatch(1);
        try (Fixture f = withBystander()) {
            f.supervisor.add("target", c -> {
                runs.incrementAndGet();
                targetRuns.countDown();
                c.awaitCancellation();
            });
            f.supervisor.add("operator", c -> {
                targetRuns.await();
                boolean stopped = f.supervisor.stop("target");
                Status after = f.supervisor.status("target").orElseThrow().status();
                answers.add("stop " + stopped + " then " + after + ", start " + f.supervisor.start("target"));
                c.awaitCancellation();
            });
            f.supervisor.start();
            assertThat(answer()).isEqualTo("stop true then STOPPED, start true");
            assertThat(f.recorder.next("target", 5)).containsExactly(
                    "target IDLE", "target RUNNING", "target STOPPED", "target IDLE", "target RUNNING");
            assertThat(f.supervisor.history("target")).extracting(StatusUpdate::reason).containsExactly(
                    Reason.STARTED, Reason.STARTED, Reason.STOPPED_BY_REQUEST, Reason.STARTED_BY_REQUEST, Reason.STARTED_BY_REQUEST);
            assertBystanderRunning(f);
            FaultChecks.awaitWholeRuns(f.recorder, bystanderRunning(),
                    Map.entry("target", List.of("target IDLE", "target RUNNING", "target STOPPED", "target IDLE", "target RUNNING")),
                    Map.entry("operator", List.of("operator IDLE", "operator RUNNING")));
        }
    }

    @Test
    void fault_aServiceAddingAnother_startsItAtOnce_andKeepsRunning() throws Exception {
        try (Fixture f = withBystander()) {
            f.supervisor.add("adder", c -> {
                long id = f.supervisor.add("child", child -> child.awaitCancellation());
                answers.add("added child #" + id);
                c.awaitCancellation();
            });
            f.supervisor.start();
            assertThat(answer()).isEqualTo("added child #2");
            assertThat(f.recorder.next("child", 2)).containsExactly("child IDLE", "child RUNNING");
            assertThat(f.supervisor.status("adder").orElseThrow().status()).isEqualTo(Status.RUNNING);
            assertBystanderRunning(f);
            FaultChecks.awaitWholeRuns(f.recorder, bystanderRunning(),
                    Map.entry("adder", List.of("adder IDLE", "adder RUNNING")),
                    Map.entry("child", List.of("child IDLE", "child RUNNING")));
        }
    }

    @Test
    void fault_aServiceRemovingAnother_waitsForItsEnd_andKeepsRunning() throws Exception {
        CountDownLatch targetRuns = new CountDownLatch(1);
        try (Fixture f = withBystander()) {
            f.supervisor.add("target", c -> {
                runs.incrementAndGet();
                targetRuns.countDown();
                c.awaitCancellation();
            });
            f.supervisor.add("remover", c -> {
                targetRuns.await();
                boolean removed = f.supervisor.remove("target");
                answers.add("remove " + removed + ", then listed " + f.supervisor.status("target").isPresent());
                c.awaitCancellation();
            });
            f.supervisor.start();
            assertThat(answer()).isEqualTo("remove true, then listed false");
            assertThat(f.recorder.next("target", 4)).containsExactly(
                    "target IDLE", "target RUNNING", "target STOPPED", "target removed");
            assertThat(f.supervisor.status("remover").orElseThrow().status()).isEqualTo(Status.RUNNING);
            f.clock.advance(Duration.ofHours(1));
            assertThat(runs).hasValue(1);
            assertBystanderRunning(f);
            FaultChecks.awaitWholeRuns(f.recorder, bystanderRunning(),
                    Map.entry("target", List.of("target IDLE", "target RUNNING", "target STOPPED", "target removed")),
                    Map.entry("remover", List.of("remover IDLE", "remover RUNNING")));
        }
    }

    /**
     * Each waits for the other's run to end, which ends only when its own stop returns: a cycle
     * that the shutdown timeout breaks. The stop that times out first answers false and its service
     * returns; the other stop then finds that run ended and answers true, unless its own deadline,
     * due at the same instant, came first (then it answers false too). Both runs end stopped by
     * request, and neither is restarted.
     */
    @Test
    void fault_twoServicesStoppingEachOtherAtOnce_waitOneShutdownTimeout_thenBothEndStopped() throws Exception {
        CountDownLatch bothRun = new CountDownLatch(2);
        try (Fixture f = withBystander()) {
            for (String[] pair : new String[][] {{"left", "right"}, {"right", "left"}}) {
                f.supervisor.add(pair[0], c -> {
                    runs.incrementAndGet();
                    bothRun.countDown();
                    while (bothRun.getCount() > 0) { // the other's stop may interrupt this wait: keep waiting
                        try {
                            bothRun.await();
                        } catch (InterruptedException ignored) {
                            // the other service stops this one; it still stops the other
                        }
                    }
                    answers.add(pair[0] + " stop " + f.supervisor.stop(pair[1]));
                });
            }
            f.supervisor.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.clock.pendingDueTimes().size() == 2);
            f.clock.advance(Fixture.TIMEOUT.minusNanos(1));
            assertThat(answers).isEmpty();
            f.clock.advance(Duration.ofNanos(1));
            List<String> both = List.of(answer(), answer());
            assertThat(both).extracting(a -> a.substring(0, a.lastIndexOf(' '))).containsExactlyInAnyOrder("left stop", "right stop");
            assertThat(both).as("the stop that timed out first answers false").anyMatch(a -> a.endsWith(" false"));
            for (String name : List.of("left", "right")) {
                StatusUpdate end = f.recorder.awaitStatus(name, Status.STOPPED);
                assertThat(end.reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
                assertThat(end.nextRestart()).isNull();
            }
            f.clock.advance(Duration.ofHours(1));
            assertThat(runs).hasValue(2);
            assertBystanderRunning(f);
            FaultChecks.awaitWholeRuns(f.recorder, bystanderRunning(),
                    Map.entry("left", List.of("left IDLE", "left RUNNING", "left STOPPED")),
                    Map.entry("right", List.of("right IDLE", "right RUNNING", "right STOPPED")));
        }
    }

    private static Map.Entry<String, List<String>> bystanderRunning() {
        return Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING"));
    }

    /** The bystander is RUNNING (which its thread may tell after the other services acted), in its first run. */
    private static void assertBystanderRunning(Fixture f) {
        f.recorder.awaitStatus("bystander", Status.RUNNING);
        StatusUpdate bystander = f.supervisor.status("bystander").orElseThrow();
        assertThat(bystander.status()).isEqualTo(Status.RUNNING);
        assertThat(bystander.restartCount()).isZero();
    }
}
