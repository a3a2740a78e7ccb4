package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.SupervisorConstants;
import supervisor.api.ThreadKind;

class DefaultsTest {

    @Test
    void settings_emptyConfiguration_areTheEnginesDefaults() {
        Config engine = Config.builder().build();
        Settings settings = Defaults.settings("(x=*)");

        assertThat(settings.restartInterval()).isEqualTo(engine.restartInterval());
        assertThat(settings.shutdownTimeout()).isEqualTo(engine.shutdownTimeout());
        assertThat(settings.threadKind()).isEqualTo(engine.threadKind()).isEqualTo(ThreadKind.PLATFORM);
        assertThat(settings.listenerBacklog()).isEqualTo(engine.listenerBacklog());
        assertThat(settings.historySize()).isEqualTo(engine.historySize());
        assertThat(settings.defaultPolicy()).isEqualTo(engine.defaultPolicy());
    }

    @Test
    void parse_everyMetatypeDefaultWritten_givesTheSameTimingsAsNone() {
        Map<String, Object> written = Map.ofEntries(
                Map.entry(SupervisorConstants.RESTART_INTERVAL, Defaults.RESTART_INTERVAL),
                Map.entry(SupervisorConstants.SHUTDOWN_TIMEOUT, Defaults.SHUTDOWN_TIMEOUT),
                Map.entry(SupervisorConstants.THREAD_KIND, Defaults.THREAD_KIND),
                Map.entry(SupervisorConstants.LISTENER_BACKLOG, Defaults.LISTENER_BACKLOG),
                Map.entry(SupervisorConstants.HISTORY_SIZE, Defaults.HISTORY_SIZE),
                Map.entry(SupervisorConstants.SERVICES_TARGET, Defaults.TARGET),
                Map.entry(SupervisorConstants.LISTENERS_TARGET, Defaults.TARGET),
                Map.entry(SupervisorConstants.CONFIG_RESTART, Defaults.RESTART),
                Map.entry(SupervisorConstants.CONFIG_MAX_DELAY, Defaults.MAX_DELAY),
                Map.entry(SupervisorConstants.CONFIG_MULTIPLIER, Defaults.MULTIPLIER),
                Map.entry(SupervisorConstants.CONFIG_JITTER, Defaults.JITTER),
                Map.entry(SupervisorConstants.CONFIG_RESET_AFTER, Defaults.RESET_AFTER),
                Map.entry(SupervisorConstants.CONFIG_MAX_RESTARTS, Defaults.MAX_RESTARTS),
                Map.entry(SupervisorConstants.CONFIG_WINDOW, Defaults.WINDOW),
                Map.entry(SupervisorConstants.CONFIG_ESCALATE, Defaults.ESCALATE));

        SettingsParser.Result result = SettingsParser.parse(written, FactorySupervisorComponent.DEFAULTS);

        assertThat(result.problems()).isEmpty();
        Settings settings = result.settings();
        assertThat(settings.restartInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.servicesTarget()).isEqualTo(SupervisorConstants.FACTORY_DEFAULT_TARGET);
        assertThat(settings.listenersTarget()).isEqualTo(SupervisorConstants.FACTORY_DEFAULT_TARGET);
        assertThat(settings.defaultPolicy().multiplier()).hasValue(2.0);
        assertThat(settings.defaultPolicy().maxRestarts()).isEmpty();
    }
}
