/**
 * Gogo shell commands over every registered {@link supervisor.api.SupervisorRuntime}: the
 * Declarative Services component {@code supervisor.shell.SupervisorShell} and the plain-Java
 * formatting it uses. Nothing is exported.
 */
module supervisor.shell {
    requires supervisor.api;
    requires static osgi.core;
    requires static org.osgi.service.cm;
    requires static org.osgi.service.component.annotations;
    requires static org.apache.felix.gogo.runtime;
}
