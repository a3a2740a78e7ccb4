package supervisor.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static supervisor.shell.Descriptions.running;
import static supervisor.shell.Descriptions.service;
import static supervisor.shell.Descriptions.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import supervisor.api.Status;
import supervisor.api.SupervisorDescription.State;

class CommandsTest {

    private final FakeRuntime defaults = new FakeRuntime(running("default",
            service(1, "ping", Status.RUNNING, Duration.ofSeconds(1)),
            service(2, "shared", Status.RUNNING, Duration.ofSeconds(1))));
    private final FakeRuntime fast = new FakeRuntime(running("fast",
            service(1, "pong", Status.RUNNING, Duration.ofSeconds(1)),
            service(2, "shared", Status.RUNNING, Duration.ofSeconds(1))));
    private final List<Target> targets = new CopyOnWriteArrayList<>(List.of(
            new Target("default", defaults, "supervisor"), new Target("fast", fast, "supervisor.factory~fast")));
    private final List<String> reapplied = new ArrayList<>();
    private final Commands commands = new Commands(() -> targets, reapplied::add);

    @Test
    void stop_nameInOneSupervisor_stopsItThere() {
        assertThat(commands.stop("", "ping"))
                .isEqualTo("stopped 'ping' in supervisor 'default'; it stays stopped until supervisor:start ping\n");
        assertThat(defaults.calls).containsExactly("stop ping");
    }

    @Test
    void stop_timedOut_saysItsThreadStillRuns() {
        defaults.stopResult = false;

        assertThat(commands.stop("", "ping")).isEqualTo("supervisor:stop: 'ping' in supervisor 'default' did not end"
                + " within the shutdown timeout (PT5S); its thread still runs, and it will not be restarted when it ends\n");
    }

    @Test
    void stop_unknownName_listsEveryService() {
        assertThat(commands.stop("", "x"))
                .isEqualTo("supervisor:stop: no service named 'x' in any supervisor; services are [ping, pong, shared]");
        assertThat(defaults.calls).isEmpty();
    }

    @Test
    void stop_nameInTwoSupervisors_asksForOne() {
        assertThat(commands.stop("", "shared")).isEqualTo("supervisor:stop: service 'shared' runs in several"
                + " supervisors [default, fast]; choose one with -s SUPERVISOR");
    }

    @Test
    void stop_supervisorGiven_stopsItThere() {
        commands.stop("fast", "shared");

        assertThat(fast.calls).containsExactly("stop shared");
        assertThat(defaults.calls).isEmpty();
    }

    @Test
    void stop_unknownSupervisor_listsSupervisors() {
        assertThat(commands.stop("slow", "ping"))
                .isEqualTo("supervisor:stop: no supervisor named 'slow'; supervisors are [default, fast]");
    }

    @Test
    void stop_serviceNotInGivenSupervisor_listsItsServices() {
        assertThat(commands.stop("fast", "ping"))
                .isEqualTo("supervisor:stop: no service named 'ping' in supervisor 'fast'; services are [pong, shared]");
    }

    @Test
    void stop_missingName_givesUsage() {
        assertThat(commands.stop(""))
                .isEqualTo("supervisor:stop: missing the service name; usage: supervisor:stop [-s SUPERVISOR] NAME");
    }

    @Test
    void stop_extraArgument_givesUsage() {
        assertThat(commands.stop("", "ping", "pong")).isEqualTo("supervisor:stop: expected one argument, the service"
                + " name, got 2 [ping, pong]; usage: supervisor:stop [-s SUPERVISOR] NAME");
    }

    @Test
    void stop_unknownOption_namesIt() {
        assertThat(commands.stop("", "-x", "ping"))
                .isEqualTo("supervisor:stop: unknown option '-x'; usage: supervisor:stop [-s SUPERVISOR] NAME");
    }

    @Test
    void stop_supervisorEnded_givesTheEnginesMessage() {
        defaults.failure = new IllegalStateException("supervisor 'default' has ended");

        assertThat(commands.stop("", "ping")).isEqualTo("supervisor:stop: supervisor 'default' has ended");
    }

    @Test
    void start_notRunning_startsIt() {
        assertThat(commands.start("", "ping")).isEqualTo("started 'ping' in supervisor 'default'\n");
        assertThat(defaults.calls).containsExactly("start ping");
    }

    @Test
    void start_alreadyRunning_saysSo() {
        defaults.startResult = false;

        assertThat(commands.start("", "ping")).isEqualTo("'ping' in supervisor 'default' is already running\n");
    }

    @Test
    void restart_restartsIt() {
        assertThat(commands.restart("", "pong")).isEqualTo("restarting 'pong' in supervisor 'fast'\n");
        assertThat(fast.calls).containsExactly("restart pong");
    }

    @Test
    void restart_engineRefusesTheName_givesItsMessage() {
        fast.failure = new IllegalArgumentException("no service named 'pong' in supervisor 'fast'; services are [shared]");

        assertThat(commands.restart("", "pong"))
                .isEqualTo("supervisor:restart: no service named 'pong' in supervisor 'fast'; services are [shared]");
    }

    @Test
    void list_extraArgument_givesUsage() {
        assertThat(commands.list("", false, "ping"))
                .isEqualTo("supervisor:list: takes no arguments, got [ping]; usage: supervisor:list [-s SUPERVISOR] [-a]");
    }

    @Test
    void list_oneSupervisor_listsOnlyIt() {
        assertThat(commands.list("fast", false)).contains("fast        pong").doesNotContain("default");
    }

    @Test
    void list_noSupervisor_saysSo() {
        targets.clear();

        assertThat(commands.list("", false)).isEqualTo("no supervisor is registered\n");
    }

    @Test
    void info_missingName_givesUsage() {
        assertThat(commands.info("", false))
                .isEqualTo("supervisor:info: missing the service name; usage: supervisor:info [-s SUPERVISOR] [-a] NAME");
    }

    @Test
    void info_service_startsWithItsHeader() {
        assertThat(commands.info("", false, "ping")).startsWith("service 'ping' (id 1) in supervisor 'default' (RUNNING)\n");
    }

    @Test
    void refused_unknownSupervisor_listsSupervisors() {
        assertThat(commands.refused("x"))
                .isEqualTo("supervisor:refused: no supervisor named 'x'; supervisors are [default, fast]");
    }

    @Test
    void reset_runningSupervisor_isRefused() {
        assertThat(commands.reset("default")).isEqualTo("supervisor:reset: supervisor 'default' has not ended (it is"
                + " RUNNING); reset only starts again a supervisor that escalated or ended");
        assertThat(reapplied).isEmpty();
    }

    @Test
    void reset_endedSupervisor_reappliesItsConfiguration() {
        fast.description = supervisor("fast", State.ENDED, "service 'pong' gave up", List.of(), List.of());

        assertThat(commands.reset("fast")).isEqualTo(
                "supervisor 'fast': configuration 'supervisor.factory~fast' re-applied; its adapter starts a new engine\n");
        assertThat(reapplied).containsExactly("supervisor.factory~fast");
    }

    @Test
    void reset_withoutPid_isRefused() {
        FakeRuntime other = new FakeRuntime(supervisor("other", State.ENDED, null, List.of(), List.of()));
        targets.add(new Target("other", other, null));

        assertThat(commands.reset("other")).isEqualTo("supervisor:reset: supervisor 'other' has no configuration PID"
                + " (no service.pid property) to re-apply; restart the bundle that registers it instead");
    }

    @Test
    void reset_configurationFails_saysWhy() {
        fast.description = supervisor("fast", State.ENDED, null, List.of(), List.of());
        Commands failing = new Commands(() -> targets, pid -> {
            throw new IOException("store is read-only");
        });

        assertThat(failing.reset("fast")).isEqualTo("supervisor:reset: could not re-apply configuration"
                + " 'supervisor.factory~fast' of supervisor 'fast': IOException: store is read-only");
    }

    @Test
    void reset_missingName_givesUsage() {
        assertThat(commands.reset()).isEqualTo("supervisor:reset: missing the supervisor name; usage: supervisor:reset SUPERVISOR");
    }

    @Test
    void targetOf_defaultSupervisorWithoutConfiguration_usesThePidSupervisor() {
        Target target = Target.of(defaults, Map.of("supervisor.name", "default", "component.name", "supervisor"));

        assertThat(target.pid()).isEqualTo("supervisor");
    }

    @Test
    void targetOf_configured_usesServicePid() {
        Target target = Target.of(fast, Map.of("supervisor.name", "fast", "component.name", "supervisor.factory",
                "service.pid", "supervisor.factory~fast"));

        assertThat(target).isEqualTo(new Target("fast", fast, "supervisor.factory~fast"));
    }
}
