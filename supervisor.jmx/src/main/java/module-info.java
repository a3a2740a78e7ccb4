/**
 * Supervisors as JMX MXBeans: {@link supervisor.jmx.SupervisorJmx#register} registers one on an
 * MBeanServer (plain Java); in OSGi a Declarative Services component (package
 * {@code supervisor.jmx.osgi}, not exported) registers every supervisor on the platform MBeanServer.
 */
module supervisor.jmx {
    requires transitive supervisor.api;
    requires transitive java.management;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.annotation.bundle;
    // the OSGi component only
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports supervisor.jmx;
}
