/**
 * Test support: a {@link supervisor.testing.FakeScheduler} whose time moves only when the test
 * says so, for deterministic tests of supervisors and of the services they run.
 */
@Export
@Version("0.1.0")
package supervisor.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
