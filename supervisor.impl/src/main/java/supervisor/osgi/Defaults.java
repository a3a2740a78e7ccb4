package supervisor.osgi;

import java.time.Duration;
import supervisor.api.Policy;
import supervisor.api.ThreadKind;

/**
 * Every default of a supervisor's configuration, in one place: the metatype definition
 * ({@link SupervisorConfig}) shows these constants, and {@link #settings(String)} is what a
 * configuration without the property means. They are the engine's own defaults ({@code Config},
 * and the built-in policy), which {@code DefaultsTest} checks.
 */
final class Defaults {

    static final String RESTART_INTERVAL = "PT1S";
    static final String SHUTDOWN_TIMEOUT = "PT10S";
    static final String THREAD_KIND = "PLATFORM";
    static final int LISTENER_BACKLOG = 1024;
    static final int HISTORY_SIZE = 10;
    /** Blank: the supervisor's own default filter (see {@link #settings(String)}). */
    static final String TARGET = "";

    // the built-in default policy, as the metatype shows it
    static final String RESTART = "ALWAYS";
    static final String MAX_DELAY = "";
    static final double MULTIPLIER = 2.0;
    static final double JITTER = 0.0;
    static final String RESET_AFTER = "PT1M";
    static final int MAX_RESTARTS = 0;
    static final String WINDOW = "PT1M";
    static final boolean ESCALATE = false;

    private Defaults() {
    }

    /**
     * What an empty configuration means.
     *
     * @param target the supervisor's default filter for services and listeners
     */
    static Settings settings(String target) {
        return new Settings(Duration.parse(RESTART_INTERVAL), Duration.parse(SHUTDOWN_TIMEOUT),
                ThreadKind.valueOf(THREAD_KIND), LISTENER_BACKLOG, target, target, Policy.INHERIT, HISTORY_SIZE);
    }
}
