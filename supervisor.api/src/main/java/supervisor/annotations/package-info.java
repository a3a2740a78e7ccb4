/**
 * Component property types for whiteboard services: put {@link supervisor.annotations.SupervisedService},
 * {@link supervisor.annotations.SupervisorGroup} and {@link supervisor.annotations.RestartPolicy} next to
 * a Declarative Services {@code @Component} that provides a {@link supervisor.api.Service}. Kept apart
 * from {@code supervisor.api} so that plain-Java users need no Declarative Services annotations.
 */
@Export
@Version("0.2.0")
package supervisor.annotations;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
