package supervisor.api;

import org.osgi.annotation.versioning.ConsumerType;

/** A handle on something that can be called off: a scheduled task or a registered callback. */
@ConsumerType
@FunctionalInterface
public interface Cancellable {

    /**
     * Calls the task off if it has not started yet. Idempotent; never blocks.
     *
     * @return true if this call prevented the task from running, false if it had run, was running
     *     or was already cancelled
     */
    boolean cancel();
}
