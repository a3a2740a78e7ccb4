package supervisor.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import supervisor.annotations.RestartPolicy;
import supervisor.annotations.SupervisedService;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/**
 * Fails on purpose, so restarts and backoff show: three short runs in a row fail at once, so the
 * delay doubles (500 ms, 1 s, 2 s, at most 4 s); then one run lasts {@link #LONG}, longer than
 * {@code reset_after}, so after its failure the backoff starts from 500 ms again.
 */
@Component(service = Service.class)
@SupervisedService(name = "flaky")
@RestartPolicy(min_delay = "PT0.5S", max_delay = "PT4S", multiplier = 2, reset_after = "PT3S")
public final class Flaky implements Service {

    /** Every this many runs, one is long. */
    static final int CYCLE = 4;
    static final Duration SHORT = Duration.ofMillis(300);
    static final Duration LONG = Duration.ofSeconds(4);

    /** Runs so far; the supervisor runs one at a time, the counter only numbers them. */
    private final AtomicInteger runs = new AtomicInteger();

    @Override
    public void run(ServiceContext context) throws InterruptedException {
        int run = runs.incrementAndGet();
        Duration lasts = lifetime(run);
        if (context.awaitCancellation(lasts)) {
            return;
        }
        throw new IllegalStateException("flaky failure in run " + run + " after " + lasts.toMillis() + " ms");
    }

    /** How long run number {@code run} (from 1) works before it fails. */
    static Duration lifetime(int run) {
        return run % CYCLE == 0 ? LONG : SHORT;
    }
}
