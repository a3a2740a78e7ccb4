package supervisor.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.Service;
import supervisor.api.SupervisorConstants;
import supervisor.api.ThreadKind;

/**
 * The restart {@link Policy} of a {@link Service} that a Declarative Services component registers
 * on the whiteboard: put it next to {@code @Component}, and each element that is set becomes a
 * service property ({@link SupervisorConstants#RESTART} to {@link SupervisorConstants#ESCALATE}).
 *
 * <pre>{@code
 * @Component(service = Service.class)
 * @SupervisedService(name = "poller")
 * @RestartPolicy(restart = Restart.ON_FAILURE, min_delay = "PT0.1S", max_delay = "PT30S", multiplier = 2,
 *         max_restarts = 5, window = "PT1M")
 * public final class Poller implements Service { ... }
 * }</pre>
 *
 * <p>Each element takes one value. Elements are arrays only so that an element left out writes no
 * property at all: the service then inherits that setting from the supervisor's default policy
 * (ConfigAdmin), and from the built-in defaults. Durations are ISO-8601 ({@code "PT0.5S"}) or
 * milliseconds ({@code "500"}). Values are checked when the supervisor takes the service: an
 * invalid one is logged (ERROR) with the service, the property and what is expected, and that
 * setting is inherited.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RestartPolicy {

    /** Prefix of the property names: {@code min_delay} becomes {@value SupervisorConstants#MIN_DELAY}. */
    String PREFIX_ = "supervisor.";

    /** Which ended runs are restarted; property {@value SupervisorConstants#RESTART}. */
    Restart[] restart() default {};

    /** The first delay after a reset, 1 ms to 24 h; property {@value SupervisorConstants#MIN_DELAY}. */
    String[] min_delay() default {};

    /** The longest delay, 1 ms to 24 h; property {@value SupervisorConstants#MAX_DELAY}. */
    String[] max_delay() default {};

    /** The backoff multiplier, 1 to 100; property {@value SupervisorConstants#MULTIPLIER}. */
    double[] multiplier() default {};

    /** The jitter, from 0 to below 1; property {@value SupervisorConstants#JITTER}. */
    double[] jitter() default {};

    /** How long a run must stay up to reset the backoff, 1 ms to 24 h; property {@value SupervisorConstants#RESET_AFTER}. */
    String[] reset_after() default {};

    /** The restart limit within {@link #window()}, 1 to 1000000; property {@value SupervisorConstants#MAX_RESTARTS}. */
    int[] max_restarts() default {};

    /** The window of the restart limit, 1 ms to 24 h; property {@value SupervisorConstants#WINDOW}. */
    String[] window() default {};

    /** Whether giving the service up shuts the supervisor down; property {@value SupervisorConstants#ESCALATE}. */
    boolean[] escalate() default {};

    /** The kind of thread that runs the service; property {@value SupervisorConstants#SERVICE_THREAD_KIND}. */
    ThreadKind[] thread_kind() default {};
}
