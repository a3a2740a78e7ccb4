/**
 * The ping/pong example of the Go original as two Declarative Services components, {@code Ping}
 * and {@code Pong}, sharing a {@code Table}.
 */
@Export
@Version("0.1.0")
package supervisor.itest.bundles.pingpong;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
