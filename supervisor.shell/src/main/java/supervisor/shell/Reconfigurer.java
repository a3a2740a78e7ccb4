package supervisor.shell;

/** Re-applies a configuration as it is, so its owner is configured again ({@code supervisor:reset}). */
@FunctionalInterface
interface Reconfigurer {

    /**
     * Updates the configuration with this PID with its current properties, or creates it empty.
     *
     * @throws Exception if it cannot: the message says why, in one line
     */
    void reapply(String pid) throws Exception;
}
