package supervisor.osgi;

import java.time.Duration;
import java.util.Objects;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.ThreadKind;

/**
 * What one supervisor's configuration says, checked: immutable, so a component swaps it whole.
 *
 * @param restartInterval checked with {@link Config#checkRestartInterval(Duration)}
 * @param shutdownTimeout checked with {@link Config#checkShutdownTimeout(Duration)}
 * @param threadKind available on this JVM
 * @param listenerBacklog checked with {@link Config#checkListenerBacklog(int)}
 * @param servicesTarget the LDAP filter for services, checked
 * @param listenersTarget the LDAP filter for listeners, checked
 * @param defaultPolicy the supervisor's default policy; its first delay is the restart interval
 * @param historySize checked with {@link Config#checkHistorySize(int)}
 */
record Settings(
        Duration restartInterval,
        Duration shutdownTimeout,
        ThreadKind threadKind,
        int listenerBacklog,
        String servicesTarget,
        String listenersTarget,
        Policy defaultPolicy,
        int historySize) {

    /** Checks every component, as {@link Config.Builder} does. */
    Settings {
        Config.checkRestartInterval(restartInterval);
        Config.checkShutdownTimeout(shutdownTimeout);
        Objects.requireNonNull(threadKind, "threadKind");
        Config.checkListenerBacklog(listenerBacklog);
        Objects.requireNonNull(servicesTarget, "servicesTarget");
        Objects.requireNonNull(listenersTarget, "listenersTarget");
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        Config.checkHistorySize(historySize);
    }

    /** The engine configuration for these settings (no services, no listeners: they come from the whiteboard). */
    Config.Builder toConfig(String name) {
        return Config.builder()
                .name(name)
                .restartInterval(restartInterval)
                .shutdownTimeout(shutdownTimeout)
                .threadKind(threadKind)
                .listenerBacklog(listenerBacklog)
                .defaultPolicy(defaultPolicy)
                .historySize(historySize);
    }
}
