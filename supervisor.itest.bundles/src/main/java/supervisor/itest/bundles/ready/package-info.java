/** A component gated on the readiness condition of the supervisor.condition bundle. */
@Export
@Version("0.1.0")
package supervisor.itest.bundles.ready;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
