package supervisor.osgi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits that keep an interrupt for later. */
final class Waits {

    private Waits() {
    }

    /** Waits for {@code future} at most {@code timeout}; false if it did not complete, failed, or completed false. */
    static boolean await(CompletableFuture<?> future, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    Object value = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return !Boolean.FALSE.equals(value);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    return false;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
