package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.SupervisorConstants;
import supervisor.core.SupervisorEngine;
import supervisor.testing.FakeScheduler;

/**
 * A service policy whose min delay exceeds its max delay (its own or inherited) is resolved by
 * Policy's rule, a fixed delay of the min delay, and the whiteboard says so at WARN.
 */
class FixedDelayWarningTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final RecordingLog log = new RecordingLog();
    private final SupervisorEngine engine = SupervisorEngine.create(Config.builder().name("test")
            .scheduler(new FakeScheduler()).shutdownTimeout(PATIENCE)
            .defaultPolicy(Policy.builder().maxDelay(Duration.ofSeconds(2)).build()).build());
    private final ServiceWhiteboard services = new ServiceWhiteboard("supervisor 'test'", engine, new ClaimRegistry(),
            log, SupervisorConstants.DEFAULT_TARGET, PATIENCE);

    @BeforeEach
    void start() {
        services.inherited(Policy.builder().maxDelay(Duration.ofSeconds(2)).build(), Duration.ofSeconds(1));
        engine.start();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void bind(long id, Object... keyValues) {
        services.bind(new FakeRegistration<Service>(id, new Services.Polite(), keyValues));
    }

    private boolean running(String name) {
        return engine.status(name).map(update -> update.status() == Status.RUNNING).orElse(false);
    }

    @Test
    void minDelayAboveTheInheritedMaxDelay_warnsNamingServiceAndBothValues_andTheDelayIsFixed() {
        bind(7, SupervisorConstants.NAME, "slow", SupervisorConstants.MIN_DELAY, "PT5S");

        await().atMost(PATIENCE).until(() -> running("slow"));
        assertThat(log.lines()).containsExactly("WARN supervisor 'test': service 'slow' (service.id 7):"
                + " supervisor.min.delay PT5S exceeds the supervisor's default max.delay PT2S (inherited max delay); a"
                + " maxDelay below minDelay counts as minDelay, so it restarts after a fixed PT5S");
        Policy inForce = engine.policy("slow");
        assertThat(inForce.minDelay()).contains(Duration.ofSeconds(5));
        assertThat(inForce.maxDelay()).contains(Duration.ofSeconds(5));
    }

    @Test
    void minDelayAboveItsOwnMaxDelay_warnsNamingBothProperties() {
        bind(8, SupervisorConstants.NAME, "own", SupervisorConstants.MIN_DELAY, "PT5S", SupervisorConstants.MAX_DELAY, 3000);

        await().atMost(PATIENCE).until(() -> running("own"));
        assertThat(log.lines()).containsExactly("WARN supervisor 'test': service 'own' (service.id 8):"
                + " supervisor.min.delay PT5S exceeds supervisor.max.delay PT3S; a maxDelay below minDelay counts as"
                + " minDelay, so it restarts after a fixed PT5S");
    }

    @Test
    void ownMaxDelayBelowTheInheritedRestartInterval_warnsNamingTheInterval() {
        services.inherited(Policy.INHERIT, Duration.ofSeconds(4));

        bind(9, SupervisorConstants.NAME, "short", SupervisorConstants.MAX_DELAY, "PT1S");

        await().atMost(PATIENCE).until(() -> running("short"));
        assertThat(log.lines()).containsExactly("WARN supervisor 'test': service 'short' (service.id 9): the"
                + " supervisor's restart.interval PT4S (inherited min delay) exceeds supervisor.max.delay PT1S; a maxDelay"
                + " below minDelay counts as minDelay, so it restarts after a fixed PT4S");
    }

    @Test
    void minDelayWithinTheMaxDelay_saysNothing() {
        bind(10, SupervisorConstants.NAME, "fine", SupervisorConstants.MIN_DELAY, "PT2S");
        bind(11, SupervisorConstants.NAME, "plain");

        await().atMost(PATIENCE).until(() -> running("fine") && running("plain"));
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void propertiesChangedToAMinDelayAboveTheMaxDelay_warnsAgain() {
        FakeRegistration<Service> registration = new FakeRegistration<>(12, new Services.Polite(),
                SupervisorConstants.NAME, "changing");
        services.bind(registration);
        await().atMost(PATIENCE).until(() -> running("changing"));

        registration.set(SupervisorConstants.MIN_DELAY, "PT3S");
        services.updated(12);

        assertThat(log.lines()).containsExactly("WARN supervisor 'test': service 'changing' (service.id 12):"
                + " supervisor.min.delay PT3S exceeds the supervisor's default max.delay PT2S (inherited max delay); a"
                + " maxDelay below minDelay counts as minDelay, so it restarts after a fixed PT3S");
    }
}
