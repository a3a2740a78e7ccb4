/** A supervised service that tells the tests on which thread and with which context class loader it runs. */
@Export
@Version("0.1.0")
package supervisor.itest.bundles.worker;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
