/**
 * Felix Health Checks for supervisors: one {@code org.apache.felix.hc.api.HealthCheck} service per
 * {@code supervisor.api.SupervisorRuntime} service. Nothing is exported.
 */
module supervisor.healthcheck {
    requires supervisor.api;
    requires org.apache.felix.healthcheck.api;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;
}
