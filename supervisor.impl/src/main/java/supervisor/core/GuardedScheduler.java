package supervisor.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import supervisor.api.Cancellable;
import supervisor.api.Scheduler;

/**
 * The supervisor's scheduler, wrapped once so that a failing one is handled in one place: a
 * {@link Scheduler#schedule} that throws is logged and reported to the caller as a
 * {@link Timer} that did not schedule, a {@link Scheduler#now()} that throws is logged and the
 * system clock used instead, and a task that throws is logged without reaching the scheduler's
 * thread. Thread-safe; may be called under the engine's lock (it never blocks and calls only the
 * scheduler, whose contract says it must not block either).
 */
final class GuardedScheduler {

    private final Scheduler delegate;
    private final EngineLog log;

    /** A scheduled task, or the failure that kept it from being scheduled. */
    record Timer(Cancellable handle, RuntimeException failure) implements Cancellable {
        boolean scheduled() {
            return failure == null;
        }

        @Override
        public boolean cancel() {
            return handle.cancel();
        }
    }

    GuardedScheduler(Scheduler delegate, EngineLog log) {
        this.delegate = delegate;
        this.log = log;
    }

    Instant now() {
        try {
            return delegate.now();
        } catch (RuntimeException e) {
            log.log(Level.ERROR, "the scheduler failed to tell the time;"
                    + " using the system clock", e);
            return Instant.now();
        }
    }

    /**
     * Schedules {@code task} after {@code delay}.
     *
     * @param what what the task is, for the log line should the scheduler fail (e.g. "the restart
     *     of service 'x'")
     */
    Timer schedule(Duration delay, Runnable task, String what) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (Throwable t) {
                log.log(Level.ERROR, what + " failed", t);
            }
        };
        try {
            Cancellable handle = delegate.schedule(delay, guarded);
            return new Timer(handle == null ? () -> false : handle, null);
        } catch (RuntimeException e) {
            log.log(Level.ERROR, "the scheduler failed to schedule " + what, e);
            return new Timer(() -> false, e);
        }
    }
}
