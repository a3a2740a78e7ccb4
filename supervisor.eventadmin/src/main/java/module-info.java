/**
 * Status changes as EventAdmin events: a Declarative Services component that listens to every
 * registered {@link supervisor.api.SupervisorRuntime} and posts each status change on the topic of
 * its new status ({@link supervisor.api.StatusTopics}). Nothing is exported.
 */
module supervisor.eventadmin {
    requires supervisor.api;
    // OSGi only: the component runs in a framework, where these are imported packages
    requires static osgi.core;
    requires static org.osgi.service.event;
    requires static org.osgi.service.component.annotations;
}
