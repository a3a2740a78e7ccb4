package supervisor.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the exported {@code target/demo.jar} as a process, as a user would, with no terminal: stdin
 * from /dev/null, the health endpoint on a free port of 127.0.0.1. Linux and macOS only
 * ({@link ProcessHandle#destroy()} must send SIGTERM).
 */
class DemoJarIT {

    /** Generous for a loaded machine: the demo plays within 2-5 s when the machine is idle. */
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(20);
    /** The JVM's exit status after SIGTERM (128 + 15), also when shutdown hooks ran. */
    private static final int SIGTERM_EXIT = 143;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process demo;
    private Thread reader;
    private int port;

    @BeforeEach
    void start() throws IOException {
        port = freeLoopbackPort();
        Path jar = Path.of(System.getProperty("demo.jar", "target/demo.jar"));
        assertThat(jar).as("the exported demo jar").isRegularFile();
        demo = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.osgi.service.http.port=" + port,
                "-jar", jar.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        reader = new Thread(this::readOutput, "DemoJarIT: demo output");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void kill() throws InterruptedException {
        if (demo.isAlive()) {
            demo.destroyForcibly().waitFor(EXIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void demoJar_startedWithoutTerminalThenSigterm_playsServesHealthAndStopsCleanly() throws Exception {
        await("ping and pong in the output").atMost(START).until(() -> played("ping") && played("pong"));
        await("200 from /system/health").atMost(START).ignoreExceptions().until(() -> health() == 200);

        // SIGTERM. Not Process.destroy(): that also closes our end of the demo's output pipe, so the
        // lines printed while it stops would be lost (and the demo would write to a broken pipe).
        assertThat(demo.toHandle().destroy()).as("SIGTERM sent").isTrue();

        assertThat(demo.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).as("exited within %s; output:%n%s", EXIT, text())
                .isTrue();
        assertThat(demo.exitValue()).as("exit status; output:%n%s", text()).isEqualTo(SIGTERM_EXIT);
        reader.join(EXIT.toMillis()); // the rest of the output, up to its end
        assertThat(output).as("the output").anyMatch(line -> line.contains(" shutdown: framework stopped in "))
                // after their runs ended (cancelled, or between two games: then nothing was running)
                .anyMatch(line -> line.endsWith(" ping: deactivated"))
                .anyMatch(line -> line.endsWith(" pong: deactivated"));
    }

    /** Whether a line is the time of day and the hit, alone: {@code 12:00:01.234 ping}. */
    private boolean played(String hit) {
        return output.stream().anyMatch(line -> line.matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} " + hit));
    }

    /** The status code of GET /system/health (java.net.http is not in the demo module's graph). */
    private int health() throws IOException {
        HttpURLConnection get = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/system/health").toURL()
                .openConnection();
        get.setConnectTimeout(2_000);
        get.setReadTimeout(5_000);
        try {
            return get.getResponseCode();
        } finally {
            get.disconnect();
        }
    }

    private String text() {
        return String.join(System.lineSeparator(), output);
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
