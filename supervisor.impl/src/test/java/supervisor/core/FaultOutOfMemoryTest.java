package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that exhausts the heap for real: {@link FaultOomChild} runs in a JVM of its own with a
 * {@value #HEAP} heap (this JVM's java, and this test's class and module path on the child's class
 * path). Each of its exhausting runs ends in PANIC with the JVM's own {@link OutOfMemoryError}
 * ("Java heap space"; the first with its stack trace, which the JVM gives only to its first few)
 * and is restarted; the bystander stays in its first run
 * and can still be stopped and started; every update reaches the listener, every run whole, none
 * missed; the shutdown is clean. The child is bounded by {@value #CHILD_SECONDS} s and killed past it.
 */
class FaultOutOfMemoryTest {

    static final String HEAP = "32m";
    static final long CHILD_SECONDS = 120;

    @Test
    void fault_serviceExhaustsTheHeapInASmallHeapJvm_endsInPanicAndIsRestarted_andBystanderKeepsRunning(@TempDir Path dir)
            throws Exception {
        List<String> lines = runChild(dir);

        assertThat(lines).first().asString().startsWith("heap ");
        long maxHeap = Long.parseLong(lines.get(0).substring("heap ".length()));
        assertThat(maxHeap).isLessThanOrEqualTo(32L << 20);

        List<String> panics = lines.stream().filter(line -> line.startsWith("panic ")).toList();
        assertThat(panics).hasSize(FaultOomChild.EXHAUSTING_RUNS);
        for (int run = 1; run <= FaultOomChild.EXHAUSTING_RUNS; run++) {
            String[] fields = panics.get(run - 1).split(" ");
            assertThat(fields[1]).isEqualTo(String.valueOf(run));
            assertThat(fields[2]).isEqualTo(OutOfMemoryError.class.getName());
            assertThat(fields[3]).isEqualTo("Java_heap_space");
            if (run == 1) { // HotSpot fills a stack trace into only its first few (JDK 17: two; JDK 25: more)
                assertThat(Integer.parseInt(fields[4])).as("stack frames of the error of run %d", run).isPositive();
            }
            long mib = Long.parseLong(fields[5]);
            assertThat(mib).as("MiB allocated by run %d before the heap was full", run).isBetween(1L, 32L);
        }

        List<String> hog = new ArrayList<>();
        List<String> bystander = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("event ")) {
                assertThat(line).endsWith(" missed 0");
                String event = line.substring("event ".length(), line.length() - " missed 0".length());
                (event.startsWith("hog ") ? hog : bystander).add(event);
            }
        }
        List<String> expectedHog = new ArrayList<>();
        for (int run = 0; run < FaultOomChild.EXHAUSTING_RUNS; run++) {
            expectedHog.addAll(List.of("hog IDLE", "hog RUNNING", "hog PANIC"));
        }
        expectedHog.addAll(List.of("hog IDLE", "hog RUNNING", "hog STOPPED"));
        assertThat(hog).containsExactlyElementsOf(expectedHog);
        assertThat(bystander).containsExactly("bystander IDLE", "bystander RUNNING", // no end while the heap was full
                "bystander STOPPED", "bystander IDLE", "bystander RUNNING", "bystander STOPPED");
        assertThat(lines).contains("result [] []");
        assertThat(lines).last().isEqualTo("done");
    }

    /** Runs the child to its end (at most {@link #CHILD_SECONDS}, killed past that) and returns what it printed. */
    private static List<String> runChild(Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp", childClassPath(),
                FaultOomChild.class.getName());
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            boolean ended = child.waitFor(CHILD_SECONDS, TimeUnit.SECONDS);
            String printed = Files.readString(out) + "\n--- stderr ---\n" + Files.readString(err);
            assertThat(ended).as("the child ended within %d s; it printed:%n%s", CHILD_SECONDS, printed).isTrue();
            assertThat(child.exitValue()).as("the child's exit status; it printed:%n%s", printed).isZero();
            return Files.readAllLines(out);
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** This JVM's module path and class path (Surefire puts the main classes on the first), as one class path. */
    private static String childClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
