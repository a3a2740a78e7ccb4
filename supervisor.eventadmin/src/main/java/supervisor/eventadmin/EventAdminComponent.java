package supervisor.eventadmin;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import supervisor.api.SupervisorRuntime;

/**
 * The Declarative Services shell: while an {@link EventAdmin} is there (a static, mandatory
 * reference: when it goes, this deactivates and every listener is removed), every registered
 * {@link SupervisorRuntime} (dynamic, multiple) has its status changes posted with
 * {@link EventAdmin#postEvent} (asynchronously: a slow handler never holds up a supervisor's
 * listener thread).
 */
@Component(service = {}, immediate = true)
public final class EventAdminComponent {

    private final StatusPoster poster;

    @Activate
    public EventAdminComponent(@Reference EventAdmin eventAdmin) {
        this.poster = new StatusPoster((topic, properties) -> eventAdmin.postEvent(new Event(topic, properties)));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSupervisor(SupervisorRuntime supervisor) {
        poster.add(supervisor);
    }

    void removeSupervisor(SupervisorRuntime supervisor) {
        poster.remove(supervisor);
    }

    @Deactivate
    void deactivate() {
        poster.close();
    }
}
