package supervisor.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;
import supervisor.api.Service;
import supervisor.api.StatusListener;
import supervisor.api.SupervisorConstants;

/**
 * Puts a whiteboard {@link Service} or {@link StatusListener} component in a group: it gets the
 * {@link SupervisorConstants#GROUP} service property, so the default supervisor leaves it alone and
 * a factory supervisor whose filter selects the group runs it.
 *
 * <pre>{@code
 * @Component(service = Service.class)
 * @SupervisedService(name = "indexer")
 * @SupervisorGroup("batch")
 * public final class Indexer implements Service { ... }
 * }</pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SupervisorGroup {

    /** The group; a single-element annotation, so the property is named {@value SupervisorConstants#GROUP}. */
    String value();
}
