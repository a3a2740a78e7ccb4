/**
 * The supervisor engine: {@link supervisor.core.SupervisorEngine} creates a supervisor from a
 * {@link supervisor.api.Config}, with no OSGi framework needed.
 */
module supervisor.impl {
    requires transitive supervisor.api;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.annotation.bundle;
    // the Declarative Services adapter (package supervisor.osgi, not exported) needs these only in OSGi
    requires static osgi.core; // with org.osgi.service.log (the Log Service is part of OSGi Core since R7)
    requires static org.osgi.service.component;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports supervisor.core;
}
