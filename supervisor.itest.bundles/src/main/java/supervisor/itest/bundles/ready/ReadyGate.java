package supervisor.itest.bundles.ready;

import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.condition.Condition;

/**
 * A component that waits for every supervisor to be ready: it is satisfied, activated and
 * registered only while the condition {@code osgi.condition.id=supervisor.ready} is there.
 */
@Component(service = ReadyGate.class, immediate = true)
public final class ReadyGate {

    /** How often any instance was activated. */
    public static final AtomicInteger ACTIVATIONS = new AtomicInteger();

    /** Called by Declarative Services once the condition is there. */
    @Activate
    public ReadyGate(@Reference(target = "(osgi.condition.id=supervisor.ready)") Condition ready) {
        ACTIVATIONS.incrementAndGet();
    }

    /** How often any instance was activated. */
    public int activations() {
        return ACTIVATIONS.get();
    }
}
