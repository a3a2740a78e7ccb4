package supervisor.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names a {@link Service} that a Declarative Services component registers on the whiteboard: put it
 * next to {@code @Component}, and the component gets the {@link SupervisorConstants#NAME} service
 * property.
 *
 * <pre>{@code
 * @Component(service = Service.class)
 * @SupervisedService(name = "poller")
 * public final class Poller implements Service { ... }
 * }</pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SupervisedService {

    /** Prefix of the property names: {@code name} becomes {@value SupervisorConstants#NAME}. */
    String PREFIX_ = "supervisor.";

    /** The name the service is supervised under; see {@link Config#checkServiceName(String)}. */
    String name();
}
