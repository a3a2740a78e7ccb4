package supervisor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The CI smoke test of the JMH benchmarks: each runs one short iteration, in this JVM, with the
 * smallest size. Only that every benchmark ran and produced a score is asserted, never the score.
 */
class JmhSmokeTest {

    @Test
    void everyJmhBenchmark_runsOneShortIteration() throws RunnerException {
        Options options = new OptionsBuilder()
                .include("supervisor\\.(bench\\.EngineBenchmark|core\\.SnapshotBenchmark)\\.")
                .param("services", "10")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            ran.add(result.getParams().getBenchmark());
            assertTrue(result.getPrimaryResult().getSampleCount() > 0, () -> result.getParams().getBenchmark() + " has no sample");
        }
        assertEquals(Set.of(
                "supervisor.bench.EngineBenchmark.addAndRemoveService",
                "supervisor.bench.EngineBenchmark.restartFlappingService",
                "supervisor.core.SnapshotBenchmark.arrayCopy",
                "supervisor.core.SnapshotBenchmark.listCopyOf",
                "supervisor.core.SnapshotBenchmark.snapshotWith"), ran);
    }
}
