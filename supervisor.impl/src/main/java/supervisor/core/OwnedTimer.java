package supervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import supervisor.api.Cancellable;
import supervisor.api.Scheduler;

/**
 * The default scheduler: the system clock and one daemon timer thread per supervisor, idle unless a
 * restart or deadline is pending, shut down with the supervisor (so an OSGi bundle that stops leaves
 * no thread behind).
 */
final class OwnedTimer implements Scheduler {

    private final ScheduledThreadPoolExecutor executor;

    /** @param threadName the thread's name, e.g. {@code <supervisor>-timer} */
    OwnedTimer(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // no thread outlives the supervisor
        executor.setKeepAliveTime(1, TimeUnit.MINUTES);
        executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    void shutdown() {
        executor.shutdown();
    }
}
