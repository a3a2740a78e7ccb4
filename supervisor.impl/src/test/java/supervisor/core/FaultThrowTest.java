package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

/**
 * A service that throws: it ends in the status its throwable maps to, keeps the error with its
 * stack trace, is restarted, and a bystander keeps running and can still be stopped and restarted.
 */
class FaultThrowTest {

    @Test
    void fault_serviceThrowsException_endsInErrorAndBystanderKeepsRunning() throws Exception {
        assertContained(c -> {
            throw new Exception("checked");
        }, Status.ERROR, Exception.class);
    }

    @Test
    void fault_serviceThrowsRuntimeException_endsInErrorAndBystanderKeepsRunning() throws Exception {
        assertContained(c -> {
            throw new IllegalStateException("unchecked");
        }, Status.ERROR, IllegalStateException.class);
    }

    @Test
    void fault_serviceThrowsError_endsInPanicAndBystanderKeepsRunning() throws Exception {
        assertContained(c -> {
            throw new AssertionError("error");
        }, Status.PANIC, AssertionError.class);
    }

    @Test
    void fault_serviceOverflowsItsStackByRecursion_endsInPanicAndBystanderKeepsRunning() throws Exception {
        assertContained(c -> recurse(1), Status.PANIC, StackOverflowError.class);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    private static void assertContained(Service faulty, Status end, Class<? extends Throwable> type) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Fixture f = new Fixture(b -> b
                .service("bystander", c -> c.awaitCancellation())
                .service("faulty", c -> {
                    runs.incrementAndGet();
                    faulty.run(c);
                }))) {
            f.supervisor.start();
            assertThat(f.recorder.next("bystander", 2)).containsExactly("bystander IDLE", "bystander RUNNING");
            for (int run = 0; run < 3; run++) {
                assertThat(f.recorder.next("faulty", 3)).containsExactly("faulty IDLE", "faulty RUNNING", "faulty " + end);
                StatusUpdate failed = f.supervisor.history("faulty").get(f.supervisor.history("faulty").size() - 1);
                assertThat(failed.status()).isEqualTo(end);
                assertThat(failed.error()).isInstanceOf(type);
                assertThat(failed.error().getStackTrace()).isNotEmpty();
                assertThat(failed.restartCount()).isEqualTo(run);
                assertThat(failed.nextRestart()).isNotNull();
                f.clock.advance(Fixture.INTERVAL);
            }
            assertThat(f.recorder.next("faulty", 2)).containsExactly("faulty IDLE", "faulty RUNNING");
            org.awaitility.Awaitility.await().untilAtomic(runs, org.hamcrest.Matchers.equalTo(4)); // RUNNING is told before the body runs
            assertThat(f.supervisor.status("bystander").orElseThrow().status()).isEqualTo(Status.RUNNING);
            assertThat(f.supervisor.stop("bystander")).isTrue();
            assertThat(f.supervisor.start("bystander")).isTrue();
            assertThat(f.recorder.next("bystander", 3)).containsExactly(
                    "bystander STOPPED", "bystander IDLE", "bystander RUNNING");
        }
    }
}
