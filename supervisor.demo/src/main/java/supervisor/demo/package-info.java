/**
 * The demo's components: {@link supervisor.demo.Ping} and {@link supervisor.demo.Pong} (the Go
 * original's ping/pong, playing round after round on a shared {@link supervisor.demo.Table}),
 * {@link supervisor.demo.Flaky} (fails now and then, restarted with backoff),
 * {@link supervisor.demo.StatusPrinter} (one console line per status change),
 * {@link supervisor.demo.HealthEndpoint} (serves Felix Health Checks on {@code /system/health}) and
 * {@link supervisor.demo.StopOnShutdown} (Ctrl-C and SIGTERM stop the framework). Private to the
 * bundle.
 */
package supervisor.demo;
