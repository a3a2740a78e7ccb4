/**
 * The supervisor demo bundle: Declarative Services components only (package supervisor.demo, not
 * exported), run by the executable jar that demo.bndrun exports.
 */
module supervisor.demo {
    requires supervisor.api;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.annotation.bundle;
    requires static osgi.core;
    requires static org.osgi.service.cm;
    requires static org.osgi.service.component.annotations;
}
