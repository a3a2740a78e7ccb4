/**
 * The supervisor engine, in plain Java: {@link supervisor.core.SupervisorEngine} is its entry point;
 * everything else here is package-private.
 */
@Export
@Version("0.2.0")
package supervisor.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
