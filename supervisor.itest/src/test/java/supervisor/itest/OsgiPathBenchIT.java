package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.SupervisorConstants;

/**
 * Measure (7) of the benchmark suite (docs/benchmarks.md), and its CI smoke test: the OSGi path in
 * Felix. A bundle of its own registers {@code n} whiteboard services with the default supervisor;
 * the test times the registrations until every service runs, then the bundle's stop until every
 * run ended, and prints one {@code BENCH {...}} line (also appended to the file named by
 * {@code supervisor.bench.osgi.out}, if set). It asserts what happened (every service ran once and
 * ended), never how fast.
 *
 * <p>System properties: {@code supervisor.bench.osgi.services} (default 50, the smoke size; the
 * benchmark uses 1000) and {@code supervisor.bench.osgi.kind} (PLATFORM, the default, or VIRTUAL on
 * Java 21+), the default supervisor's {@code thread.kind}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiPathBenchIT extends OsgiTestSupport {

    @Configuration
    public Option[] config() {
        return framework("osgi-bench");
    }

    @Test
    public void whiteboardServicesOfABundle_allRun_andAllEndWhenTheBundleStops() throws Exception {
        int n = Integer.getInteger("supervisor.bench.osgi.services", 50);
        String kind = System.getProperty("supervisor.bench.osgi.kind", "PLATFORM").toUpperCase(Locale.ROOT);
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration(SupervisorConstants.PID, "?");
        configuration.update(dictionary(SupervisorConstants.RESTART_INTERVAL, "PT1S",
                SupervisorConstants.SHUTDOWN_TIMEOUT, "PT5M", SupervisorConstants.THREAD_KIND, kind));
        awaitLog(entry -> entry.getMessage().startsWith("supervisor 'default' configured (restart.interval=PT1S, shutdown.timeout=PT5M"));

        Bundle holder = context.installBundle("osgi-bench:holder", new ByteArrayInputStream(holderJar()));
        holder.start();
        BundleContext holderContext = holder.getBundleContext();
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch ended = new CountDownLatch(n);
        AtomicReference<Thread> aThread = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            holderContext.registerService(Service.class, new Blocking(started, ended, aThread),
                    dictionary(SupervisorConstants.NAME, "bench-" + i));
        }
        assertTrue("not every service ran: " + started.getCount() + " of " + n + " left",
                started.await(5, TimeUnit.MINUTES));
        long t1 = System.nanoTime();
        String threadSeen = isVirtual(aThread.get()) ? "VIRTUAL" : "PLATFORM";

        long t2 = System.nanoTime();
        holder.stop();
        long t3 = System.nanoTime();
        assertTrue("not every run ended: " + ended.getCount() + " of " + n + " left", ended.await(5, TimeUnit.MINUTES));
        long t4 = System.nanoTime();
        holder.uninstall();

        assertEquals(kind, threadSeen);
        String line = String.format(Locale.ROOT, "BENCH {\"side\":\"ours\",\"runtime\":\"java%d\",\"version\":\"%s\","
                        + "\"kind\":\"%s\",\"measure\":\"osgi\",\"n\":%d,\"status\":\"ok\",\"register_ms\":%.4f,"
                        + "\"stop_ms\":%.4f,\"stop_returned_ms\":%.4f}",
                Runtime.version().feature(), Runtime.version(), kind, n, (t1 - t0) / 1e6, (t4 - t2) / 1e6, (t3 - t2) / 1e6);
        System.out.println(line);
        String out = System.getProperty("supervisor.bench.osgi.out");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** A service that says when it runs and when its run ends, and blocks in between. */
    static final class Blocking implements Service {
        private final CountDownLatch started;
        private final CountDownLatch ended;
        private final AtomicReference<Thread> aThread;

        Blocking(CountDownLatch started, CountDownLatch ended, AtomicReference<Thread> aThread) {
            this.started = started;
            this.ended = ended;
            this.aThread = aThread;
        }

        @Override
        public void run(ServiceContext context) throws InterruptedException {
            aThread.compareAndSet(null, Thread.currentThread());
            started.countDown();
            try {
                context.awaitCancellation();
            } finally {
                ended.countDown();
            }
        }
    }

    /** A bundle with nothing but a manifest: it imports the API, so its registrations are ours to see. */
    private static byte[] holderJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "supervisor.itest.osgibench.holder");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "supervisor.api");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, manifest).close();
        return bytes.toByteArray();
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (ReflectiveOperationException e) {
            return false; // Java 17: no virtual threads
        }
    }
}
