package supervisor.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Requirement;
import org.osgi.service.component.annotations.ComponentPropertyType;
import supervisor.api.Config;
import supervisor.api.Service;
import supervisor.api.SupervisorConstants;

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
 *
 * <p>A bundle that uses it requires the supervisor implementation (capability
 * {@code osgi.implementation=}{@value SupervisorConstants#IMPLEMENTATION}, which the
 * {@code supervisor.impl} bundle provides), so resolvers such as bnd's and Karaf's install the
 * implementation with it.
 */
@ComponentPropertyType
@Requirement(namespace = "osgi.implementation", name = SupervisorConstants.IMPLEMENTATION,
        version = SupervisorConstants.IMPLEMENTATION_VERSION)
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SupervisedService {

    /** Prefix of the property names: {@code name} becomes {@value SupervisorConstants#NAME}. */
    String PREFIX_ = "supervisor.";

    /** The name the service is supervised under; see {@link Config#checkServiceName(String)}. */
    String name();
}
