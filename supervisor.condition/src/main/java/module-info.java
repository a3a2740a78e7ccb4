/**
 * Readiness of supervisors as OSGi conditions ({@code org.osgi.service.condition.Condition}): the
 * Declarative Services component {@code supervisor.condition.ReadinessConditions}, the plain-Java
 * tracker and the readiness rule it applies. Nothing is exported.
 */
module supervisor.condition {
    requires supervisor.api;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
}
