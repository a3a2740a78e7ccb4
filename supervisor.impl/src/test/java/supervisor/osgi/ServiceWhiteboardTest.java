package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.RefusedRegistration;
import supervisor.api.RefusedRegistration.Cause;
import supervisor.api.Restart;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.SupervisorConstants;
import supervisor.core.SupervisorEngine;
import supervisor.testing.FakeScheduler;

class ServiceWhiteboardTest {

    private static final String DEFAULT = SupervisorConstants.DEFAULT_TARGET;
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final FakeScheduler scheduler = new FakeScheduler();
    private final RecordingLog log = new RecordingLog();
    private final ClaimRegistry claims = new ClaimRegistry();
    private final SupervisorEngine engine = SupervisorEngine.create(Config.builder().name("test")
            .scheduler(scheduler).shutdownTimeout(PATIENCE).build());
    private final ServiceWhiteboard services = new ServiceWhiteboard("supervisor 'test'", engine, claims, log, DEFAULT,
            PATIENCE);

    @BeforeEach
    void start() {
        engine.start();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private boolean running(String name) {
        return engine.status(name).map(update -> update.status() == Status.RUNNING).orElse(false);
    }

    private static FakeRegistration<Service> registration(long id, Service service, Object... keyValues) {
        return new FakeRegistration<>(id, service, keyValues);
    }

    @Test
    void bind_selectedRegistration_runsItUnderItsName() {
        Services.Polite service = new Services.Polite();

        services.bind(registration(1, service, SupervisorConstants.NAME, "a"));

        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(services.refusals()).isEmpty();
        assertThat(claims.owner(1)).containsSame(services);
    }

    @Test
    void bind_filterDoesNotSelect_refusesWithTheFilterAndTakesNoObject() {
        FakeRegistration<Service> grouped = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a",
                SupervisorConstants.GROUP, "fast");

        services.bind(grouped);

        assertThat(grouped.gets()).isZero();
        assertThat(engine.status("a")).isEmpty();
        assertThat(services.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.cause()).isEqualTo(Cause.FILTER_MISMATCH);
            assertThat(refusal.detail()).isEqualTo("services.target (!(supervisor.group=*)) does not select it");
            assertThat(refusal.serviceId()).isEqualTo(1);
            assertThat(refusal.name()).isEqualTo("a");
            assertThat(refusal.bundle()).isEqualTo("test.bundle [7]");
            assertThat(refusal.type()).isEqualTo(Service.class.getName());
        });
    }

    @Test
    void bind_claimedByAnotherSupervisor_refusesNamingTheOwner() {
        claims.claim(1, "supervisor 'other'");
        FakeRegistration<Service> taken = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a");

        services.bind(taken);

        assertThat(taken.gets()).isZero();
        assertThat(services.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.cause()).isEqualTo(Cause.CLAIMED_BY_ANOTHER);
            assertThat(refusal.detail()).startsWith("supervisor 'other' runs it already");
        });
        assertThat(log.lines()).contains("WARN supervisor 'test' does not run service.id 1 ('a' from bundle test.bundle [7]):"
                + " supervisor 'other' runs it already; a service never runs under two supervisors");
    }

    @Test
    void bind_nameTaken_runsRenamedAndListsWhy() {
        services.bind(registration(1, new Services.Polite(), SupervisorConstants.NAME, "a"));

        services.bind(registration(2, new Services.Polite(), SupervisorConstants.NAME, "a"));

        await().atMost(PATIENCE).until(() -> running("a#2"));
        assertThat(services.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.cause()).isEqualTo(Cause.RENAMED);
            assertThat(refusal.serviceId()).isEqualTo(2);
            assertThat(refusal.detail()).isEqualTo("a service named 'a' is already supervised, so service.id 2 runs as 'a#2'");
        });
    }

    @Test
    void bind_invalidPolicyProperty_runsAndListsTheProperty() {
        services.bind(registration(1, new Services.Polite(), SupervisorConstants.NAME, "a",
                SupervisorConstants.RESTART, "SOMETIMES"));

        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(services.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.cause()).isEqualTo(Cause.INVALID_PROPERTY);
            assertThat(refusal.detail()).startsWith("service property supervisor.restart = 'SOMETIMES' is invalid")
                    .contains("expected one of [ALWAYS, ON_FAILURE, NEVER]").endsWith("inherits this setting");
        });
    }

    @Test
    void bind_invalidThreadKindProperty_runsOnTheDefaultAndListsTheProperty() {
        services.bind(registration(1, new Services.Polite(), SupervisorConstants.NAME, "a",
                SupervisorConstants.SERVICE_THREAD_KIND, "GREEN"));

        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(services.refusals()).singleElement().extracting(RefusedRegistration::detail).asString()
                .startsWith("service property supervisor.thread.kind = 'GREEN' is invalid (no such thread kind)");
        assertThat(log.lines()).anyMatch(line -> line.startsWith("ERROR supervisor 'test': service 'a' (service.id 1):"
                + " service property supervisor.thread.kind = 'GREEN'"));
    }

    @Test
    void bind_objectUnavailable_listsItAndGivesTheClaimBack() {
        FakeRegistration<Service> broken = registration(1, null, SupervisorConstants.NAME, "a");

        services.bind(broken);

        assertThat(services.refusals()).singleElement().extracting(RefusedRegistration::cause)
                .isEqualTo(Cause.UNAVAILABLE);
        assertThat(claims.owner(1)).isEmpty();
    }

    @Test
    void bind_getThrows_listsUnavailableWithTheFailure() {
        FakeRegistration<Service> broken = registration(1, null, SupervisorConstants.NAME, "a").getting(() -> {
            throw new IllegalStateException("component failed");
        });

        services.bind(broken);

        assertThat(services.refusals()).singleElement().extracting(RefusedRegistration::detail).asString()
                .contains("component failed");
    }

    @Test
    void unbind_running_returnsOnlyOnceItsRunReturnedAndItsThreadEnded() {
        Services.Polite service = new Services.Polite();
        FakeRegistration<Service> registration = registration(1, service, SupervisorConstants.NAME, "a");
        services.bind(registration);
        await().atMost(PATIENCE).until(() -> running("a"));

        services.unbind(1);

        assertThat(service.returned).as("the run returned before unbind did").isTrue();
        assertThat(service.thread.isAlive()).as("a cancelled run's thread ends; the pool keeps none").isFalse();
        assertThat(engine.status("a")).isEmpty();
        assertThat(registration.inUse()).isZero();
        assertThat(claims.owner(1)).isEmpty();
    }

    @Test
    void unbind_refused_dropsTheRefusal() {
        services.bind(registration(1, new Services.Polite(), SupervisorConstants.GROUP, "fast"));

        services.unbind(1);

        assertThat(services.refusals()).isEmpty();
    }

    @Test
    void unbind_fromTheServicesOwnThread_doesNotWaitForItself() throws Exception {
        CompletableFuture<Boolean> unbound = new CompletableFuture<>();
        Service selfRemoving = context -> {
            services.unbind(1);
            unbound.complete(true);
            context.awaitCancellation();
        };

        services.bind(registration(1, selfRemoving, SupervisorConstants.NAME, "self"));

        assertThat(unbound.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        await().atMost(PATIENCE).until(() -> engine.status("self").isEmpty());
    }

    @Test
    void unbind_whileARetargetStopsIt_waitsForTheThread() throws Exception {
        Services.Stubborn stubborn = new Services.Stubborn();
        services.bind(registration(1, stubborn, SupervisorConstants.NAME, "stubborn"));
        assertThat(stubborn.started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        CompletableFuture<Void> retarget = CompletableFuture.runAsync(() -> services.retarget("(supervisor.group=none)"));
        await().atMost(PATIENCE).until(() -> !services.refusals().isEmpty()); // the retarget took it out of supervision
        AtomicBoolean aliveWhenUnbound = new AtomicBoolean(true);
        CompletableFuture<Void> unbind = CompletableFuture.runAsync(() -> {
            services.unbind(1);
            aliveWhenUnbound.set(stubborn.thread.isAlive());
        });

        await().atMost(PATIENCE).until(() -> stubborn.thread.getState() == Thread.State.WAITING && !unbind.isDone());
        stubborn.release.countDown();

        unbind.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        retarget.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(aliveWhenUnbound).isFalse();
    }

    @Test
    void retarget_deselectsARunningService_stopsItAndRefusesIt() {
        Services.Polite service = new Services.Polite();
        services.bind(registration(1, service, SupervisorConstants.NAME, "a"));
        await().atMost(PATIENCE).until(() -> running("a"));

        services.retarget("(supervisor.group=fast)");

        assertThat(service.thread.isAlive()).isFalse();
        assertThat(engine.status("a")).isEmpty();
        assertThat(services.refusals()).singleElement().extracting(RefusedRegistration::detail)
                .isEqualTo("services.target (supervisor.group=fast) does not select it");
        assertThat(claims.owner(1)).isEmpty();
    }

    @Test
    void retarget_selectsARefusedOne_startsItAndDropsTheRefusal() {
        services.bind(registration(1, new Services.Polite(), SupervisorConstants.NAME, "a", SupervisorConstants.GROUP, "fast"));

        services.retarget("(supervisor.group=fast)");

        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(services.refusals()).isEmpty();
    }

    @Test
    void retarget_claimedOneNoLongerClaimed_takesItLater() {
        claims.claim(1, "supervisor 'other'");
        services.bind(registration(1, new Services.Polite(), SupervisorConstants.NAME, "a"));
        claims.release(1, "supervisor 'other'");

        services.retarget(DEFAULT);

        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(services.refusals()).isEmpty();
    }

    @Test
    void updated_changedPolicyProperty_appliesAsTheLivePolicy() {
        FakeRegistration<Service> registration = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a");
        services.bind(registration);
        await().atMost(PATIENCE).until(() -> running("a"));

        services.updated(registration.set(SupervisorConstants.RESTART, "never").id());

        assertThat(engine.policy("a").restart()).contains(Restart.NEVER);
        assertThat(registration.gets()).isEqualTo(1);
    }

    @Test
    void updated_invalidPolicyProperty_keepsRunningAndListsIt_validAgainDropsIt() {
        FakeRegistration<Service> registration = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a");
        services.bind(registration);
        await().atMost(PATIENCE).until(() -> running("a"));

        services.updated(registration.set(SupervisorConstants.MULTIPLIER, "lots").id());
        assertThat(services.refusals()).singleElement().extracting(RefusedRegistration::cause)
                .isEqualTo(Cause.INVALID_PROPERTY);

        services.updated(registration.set(SupervisorConstants.MULTIPLIER, "3").id());
        assertThat(services.refusals()).isEmpty();
        assertThat(running("a")).isTrue();
    }

    @Test
    void updated_gainsAGroup_stopsIt() {
        Services.Polite service = new Services.Polite();
        FakeRegistration<Service> registration = registration(1, service, SupervisorConstants.NAME, "a");
        services.bind(registration);
        await().atMost(PATIENCE).until(() -> running("a"));

        services.updated(registration.set(SupervisorConstants.GROUP, "fast").id());

        assertThat(service.thread.isAlive()).isFalse();
        assertThat(registration.inUse()).isZero();
        assertThat(services.refusals()).singleElement().extracting(RefusedRegistration::cause)
                .isEqualTo(Cause.FILTER_MISMATCH);
    }

    @Test
    void updated_losesItsGroup_startsIt() {
        FakeRegistration<Service> registration = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a",
                SupervisorConstants.GROUP, "fast");
        services.bind(registration);

        services.updated(registration.set(SupervisorConstants.GROUP, null).id());

        await().atMost(PATIENCE).until(() -> running("a"));
    }

    @RepeatedTest(20)
    void bindAndUnbindConcurrently_leaveNothingRunningClaimedOrHeld() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        FakeRegistration<Service> registration = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a");
        CompletableFuture<Void> bind = CompletableFuture.runAsync(() -> {
            awaitQuietly(go);
            services.bind(registration);
        });
        CompletableFuture<Void> unbind = CompletableFuture.runAsync(() -> {
            awaitQuietly(go);
            services.unbind(1);
        });
        go.countDown();
        CompletableFuture.allOf(bind, unbind).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        services.unbind(1); // whichever came first, the registration is gone now

        assertThat(engine.status("a")).isEmpty();
        assertThat(claims.owner(1)).isEmpty();
        assertThat(registration.inUse()).isZero();
        assertThat(services.refusals()).isEmpty();
    }

    @Test
    void closeThenAwaitClosed_waitsForEveryThreadAndGivesEverythingBack() {
        Services.Polite a = new Services.Polite();
        Services.Polite b = new Services.Polite();
        FakeRegistration<Service> first = registration(1, a, SupervisorConstants.NAME, "a");
        FakeRegistration<Service> second = registration(2, b, SupervisorConstants.NAME, "b");
        services.bind(first);
        services.bind(second);
        await().atMost(PATIENCE).until(() -> running("a") && running("b"));

        ServiceWhiteboard.Closing closing = services.close();
        engine.close();
        services.awaitClosed(closing, engine.termination().toCompletableFuture().getNow(null));

        assertThat(a.thread.isAlive()).isFalse();
        assertThat(b.thread.isAlive()).isFalse();
        assertThat(first.inUse() + second.inUse()).isZero();
        assertThat(claims.owner(1)).isEmpty();
        assertThat(claims.owner(2)).isEmpty();
    }

    @Test
    void bind_afterClose_takesNothing() {
        services.close();
        FakeRegistration<Service> late = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a");

        services.bind(late);

        assertThat(late.gets()).isZero();
        assertThat(claims.owner(1)).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
