/**
 * The supervisor engine: {@link supervisor.core.Supervisors} creates a supervisor from a
 * {@link supervisor.api.Config}, with no OSGi framework needed.
 */
module supervisor.impl {
    requires transitive supervisor.api;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.annotation.bundle;

    exports supervisor.core;
}
