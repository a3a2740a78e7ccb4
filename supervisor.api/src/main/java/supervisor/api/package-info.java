/**
 * The supervisor contract.
 *
 * <p>A {@link supervisor.api.Service} runs on a thread of its own; a {@link supervisor.api.Supervisor}
 * starts it, restarts it whenever a run ends, and tells every {@link supervisor.api.StatusListener}
 * about each {@link supervisor.api.StatusUpdate}. A {@link supervisor.api.Config} describes a
 * supervisor before it starts.
 */
@Export
@Version("0.2.0")
package supervisor.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
