package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import supervisor.api.RefusedRegistration;
import supervisor.api.RefusedRegistration.Cause;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusListener;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;
import supervisor.testing.FakeScheduler;

class SupervisionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final RecordingLog log = new RecordingLog();
    private final ClaimRegistry claims = new ClaimRegistry();
    private Supervision supervision;

    private Supervision supervision(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        supervision = new Supervision("fallback", properties, FactorySupervisorComponent.DEFAULTS, claims, log,
                config -> config.scheduler(new FakeScheduler()));
        return supervision;
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @AfterEach
    void deactivate() {
        if (supervision != null) {
            supervision.deactivate();
        }
    }

    @Test
    void name_validProperty_isTheSupervisorsName() {
        Supervision fast = supervision(SupervisorConstants.NAME, "fast");

        assertThat(fast.name()).isEqualTo("fast");
        assertThat(fast).hasToString("supervisor 'fast'");
    }

    @Test
    void name_absent_isTheFallback() {
        assertThat(supervision().name()).isEqualTo("fallback");
    }

    @Test
    void activate_invalidName_logsTheValueAndRunsUnderTheFallback() {
        Supervision bad = supervision(SupervisorConstants.NAME, "two\nlines");

        bad.activate();

        assertThat(bad.name()).isEqualTo("fallback");
        assertThat(log.lines()).contains("ERROR supervisor 'fallback': supervisor.name = 'two\nlines' is invalid"
                + " (supervisor name must not contain control characters, was 'two?lines'); expected a supervisor name:"
                + " not blank, at most 200 characters, no control characters; running as 'fallback'");
        assertThat(log.lines()).noneMatch(line -> line.contains("configuration rejected"));
    }

    @Test
    void modified_invalidConfiguration_keepsTheLastGoodOne() {
        Supervision fast = supervision(SupervisorConstants.NAME, "fast");
        fast.activate();
        fast.modified(map(SupervisorConstants.NAME, "fast", SupervisorConstants.RESTART_INTERVAL, "PT2S"));

        fast.modified(map(SupervisorConstants.NAME, "fast", SupervisorConstants.RESTART_INTERVAL, "PT2S",
                SupervisorConstants.SERVICES_TARGET, "(broken"));

        assertThat(fast.settings().restartInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fast.settings().servicesTarget()).isEqualTo(SupervisorConstants.FACTORY_DEFAULT_TARGET);
        assertThat(log.lines()).last().asString().startsWith("ERROR supervisor 'fast': configuration rejected, keeping"
                + " the one in force (restart.interval=PT2S,").contains("services.target = '(broken' is invalid");
    }

    @Test
    void modified_blankTarget_meansTheSupervisorsDefaultFilter() {
        Supervision fast = supervision(SupervisorConstants.SERVICES_TARGET, "(supervisor.group=fast)");
        fast.activate();

        fast.modified(map(SupervisorConstants.SERVICES_TARGET, ""));

        assertThat(fast.settings().servicesTarget()).isEqualTo(SupervisorConstants.FACTORY_DEFAULT_TARGET);
    }

    @Test
    void modified_newFilter_retargetsTheServices() {
        Supervision fast = supervision(SupervisorConstants.SERVICES_TARGET, "(supervisor.group=fast)");
        fast.activate();
        fast.services().bind(new FakeRegistration<Service>(1, new Services.Polite(), SupervisorConstants.NAME, "a",
                SupervisorConstants.GROUP, "slow"));

        fast.modified(map(SupervisorConstants.SERVICES_TARGET, "(supervisor.group=slow)"));

        await().atMost(PATIENCE).until(() -> fast.status("a").map(u -> u.status() == Status.RUNNING).orElse(false));
    }

    @Test
    void deactivate_givesListenersBackAfterTheEngineClosed() {
        Supervision fast = supervision();
        fast.activate();
        FakeRegistration<StatusListener> listener = new FakeRegistration<>(1, event -> { },
                SupervisorConstants.GROUP, "x");
        fast.listeners().bind(listener);

        fast.deactivate();
        supervision = null;

        assertThat(listener.inUse()).isZero();
        assertThat(log.lines()).last().isEqualTo("INFO supervisor 'fallback' stopped");
    }

    @Test
    void describe_listsTheRefusalsOfBothWhiteboards() {
        Supervision fast = supervision(SupervisorConstants.NAME, "fast");
        fast.activate();
        fast.services().bind(new FakeRegistration<Service>(2, new Services.Polite()));
        fast.listeners().bind(new FakeRegistration<StatusListener>(1, event -> { }));

        assertThat(fast.describe().refused()).extracting(RefusedRegistration::serviceId, RefusedRegistration::cause)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, Cause.FILTER_MISMATCH),
                        org.assertj.core.groups.Tuple.tuple(1L, Cause.FILTER_MISMATCH));
    }

    @Test
    void modified_afterAnEscalation_startsAFreshEngineWithTheBoundServicesAndTheApiListeners() {
        FakeScheduler clock = new FakeScheduler();
        supervision = new Supervision("fallback", map(SupervisorConstants.NAME, "esc"), DefaultSupervisorComponent.DEFAULTS,
                claims, log, config -> config.scheduler(clock));
        Supervision esc = supervision;
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        esc.addListener(event -> heard.add(event.supervisor() + " " + event.kind()));
        esc.activate();
        FakeRegistration<Service> failing = new FakeRegistration<Service>(1, context -> {
            throw new Exception("fails");
        }, SupervisorConstants.NAME, "a", SupervisorConstants.MAX_RESTARTS, 1, SupervisorConstants.WINDOW, "PT1M",
                SupervisorConstants.ESCALATE, true);
        esc.services().bind(failing);
        await().atMost(PATIENCE).until(() -> esc.status("a").map(u -> u.status() == Status.ERROR).orElse(false));
        clock.advance(DefaultSupervisorComponent.DEFAULTS.restartInterval());
        await().atMost(PATIENCE).until(() -> esc.describe().state() == SupervisorDescription.State.ENDED);
        assertThat(esc.describe().escalation()).startsWith("service 'a' gave up");
        heard.clear();

        esc.modified(map(SupervisorConstants.NAME, "esc"));

        assertThat(esc.describe().state()).isEqualTo(SupervisorDescription.State.RUNNING);
        await().atMost(PATIENCE).until(() -> esc.status("a").map(u -> u.status() == Status.ERROR).orElse(false));
        assertThat(esc.status("a").orElseThrow().restartCount()).isZero();
        assertThat(heard).isNotEmpty().allMatch(line -> line.startsWith("esc "));
        assertThat(failing.inUse()).isEqualTo(1);
        assertThat(log.lines()).anyMatch(line -> line.startsWith("INFO supervisor 'esc' started again (")
                && line.endsWith("after it had ended because a service policy escalated: service 'a' gave up: 1 restart"
                        + " within PT1M reached the limit of 1"));
    }

    @Test
    void modified_whileRunning_keepsTheEngine() {
        Supervision fast = supervision(SupervisorConstants.NAME, "fast");
        fast.activate();
        fast.services().bind(new FakeRegistration<Service>(1, new Services.Polite(), SupervisorConstants.NAME, "a",
                SupervisorConstants.GROUP, "x"));
        await().atMost(PATIENCE).until(() -> fast.status("a").map(u -> u.status() == Status.RUNNING).orElse(false));
        long before = fast.status("a").orElseThrow().serviceId();

        fast.modified(map(SupervisorConstants.NAME, "fast", SupervisorConstants.RESTART_INTERVAL, "PT2S"));

        assertThat(fast.status("a").orElseThrow().status()).isEqualTo(Status.RUNNING);
        assertThat(fast.status("a").orElseThrow().serviceId()).isEqualTo(before);
        assertThat(fast.describe().settings().restartInterval()).isEqualTo(Duration.ofSeconds(2));
    }
}
