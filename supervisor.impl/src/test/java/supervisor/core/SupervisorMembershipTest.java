package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

/** Adding and removing services while the supervisor runs. */
class SupervisorMembershipTest {

    @Test
    void add_whileRunning_startsTheServiceAtOnce_withTheNextId() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("first", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("first", Status.RUNNING);
            long id = f.supervisor.add("second", c -> c.awaitCancellation());
            assertThat(id).isEqualTo(1);
            assertThat(f.recorder.next("second", 2)).containsExactly("second IDLE", "second RUNNING");
        }
    }

    @Test
    void add_beforeStart_waitsForStart() throws Exception {
        try (Fixture f = new Fixture(b -> b)) {
            f.supervisor.add("early", c -> c.awaitCancellation());
            assertThat(f.supervisor.statuses()).isEmpty();
            f.supervisor.start();
            assertThat(f.recorder.next(2)).containsExactly("early IDLE", "early RUNNING");
        }
    }

    @Test
    void add_aTakenName_isRejected_andTheRunningServiceIsUntouched() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("dup", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("dup", Status.RUNNING);
            assertThatThrownBy(() -> f.supervisor.add("dup", c -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("duplicate service name 'dup': names must be unique");
            assertThat(f.supervisor.status("dup").orElseThrow().status()).isEqualTo(Status.RUNNING);
        }
    }

    @Test
    void add_badArguments_areRejectedWithMessagesNamingThem() throws Exception {
        try (Fixture f = new Fixture(b -> b)) {
            assertThatThrownBy(() -> f.supervisor.add(null, c -> { })).isInstanceOf(NullPointerException.class)
                    .hasMessage("service name must not be null");
            assertThatThrownBy(() -> f.supervisor.add("x", null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("service 'x' must not be null");
            assertThatThrownBy(() -> f.supervisor.add(" ", c -> { })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("service name must not be empty or blank, was ' '");
        }
    }

    @Test
    void add_afterCancel_isRejected() throws Exception {
        try (Fixture f = new Fixture(b -> b)) {
            f.supervisor.start();
            f.supervisor.cancel();
            assertThatThrownBy(() -> f.supervisor.add("late", c -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot add service 'late': supervisor 'supervisor' is ");
        }
    }

    @Test
    void remove_cancelsTheRun_waitsForItsThread_thenDropsTheService() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (Fixture f = new Fixture(b -> b.service("keep", c -> c.awaitCancellation()).service("go", c -> {
            thread.set(Thread.currentThread());
            c.awaitCancellation();
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("go", Status.RUNNING);
            await().untilAtomic(thread, org.hamcrest.Matchers.notNullValue());

            assertThat(f.supervisor.remove("go")).isTrue();

            thread.get().join(10_000);
            assertThat(thread.get().isAlive()).isFalse();
            assertThat(f.supervisor.statuses()).extracting(StatusUpdate::serviceName).containsExactly("keep");
            assertThat(f.supervisor.status("go")).isEmpty();
            assertThat(f.recorder.next("go", 2)).containsExactly("go STOPPED", "go removed");
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void remove_aServiceWaitingToRestart_callsTheRestartOff() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("failing", c -> {
            throw new Exception("x");
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("failing", Status.ERROR);
            assertThat(f.clock.pendingDueTimes()).hasSize(1);
            assertThat(f.supervisor.remove("failing")).isTrue();
            assertThat(f.recorder.next("failing", 1)).containsExactly("failing removed");
            assertThat(f.clock.pendingDueTimes()).isEmpty();
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.supervisor.statuses()).isEmpty();
        }
    }

    @Test
    void remove_aServiceThatIgnoresCancellation_givesUpAfterTheShutdownTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.service("stubborn", Fixture.ignoringCancellation(never)))) {
            f.supervisor.start();
            f.recorder.awaitStatus("stubborn", Status.RUNNING);
            CompletableFuture<Boolean> removal = f.supervisor.removeAsync("stubborn");

            f.clock.advance(Fixture.TIMEOUT.minusMillis(1));
            assertThat(removal).isNotDone();
            f.clock.advance(java.time.Duration.ofMillis(1));
            assertThat(removal.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(f.supervisor.statuses()).isEmpty();
            assertThat(f.recorder.next("stubborn", 1)).containsExactly("stubborn removed");
            never.countDown();
        }
    }

    @Test
    void remove_anUnknownName_isAnErrorNamingItAndTheKnownOnes() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("b", c -> c.awaitCancellation()).service("a", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            assertThatThrownBy(() -> f.supervisor.remove("nope"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("supervisor 'supervisor' has no service named 'nope'; its services are [a, b]");
        }
    }

    @Test
    void anUnknownName_amongManyServices_namesTheFirstTwentyAndCountsTheRest() throws Exception {
        try (Fixture f = new Fixture(b -> b)) {
            for (int i = 10; i < 40; i++) {
                f.supervisor.add("s" + i, c -> c.awaitCancellation());
            }
            assertThatThrownBy(() -> f.supervisor.remove("nope"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("supervisor 'supervisor' has no service named 'nope'; its services are [s10, s11, s12, s13, s14, s15, s16, s17, s18, s19, "
                            + "s20, s21, s22, s23, s24, s25, s26, s27, s28, s29, ... and 10 more]");
        }
    }

    @Test
    void aRemovedName_canBeAddedAgain_withANewId() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("again", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("again", Status.RUNNING);
            f.supervisor.remove("again");
            assertThat(f.supervisor.add("again", c -> c.awaitCancellation())).isEqualTo(1);
        }
    }
}
