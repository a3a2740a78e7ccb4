/**
 * The supervisor API: what a supervised service, a status listener and a running supervisor are
 * (package supervisor.api, plain Java), component property types for whiteboard services
 * (supervisor.annotations, Declarative Services), and a fake scheduler for deterministic tests.
 */
module supervisor.api {
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.service.component.annotations;

    exports supervisor.api;
    exports supervisor.annotations;
    exports supervisor.testing;
}
