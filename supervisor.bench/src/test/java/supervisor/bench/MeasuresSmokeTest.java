package supervisor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import supervisor.api.ThreadKind;

/**
 * The CI smoke test of the scale harness: every measure runs once, with tiny sizes, on every thread
 * kind this JVM has, and prints a complete line. Timings are never asserted; what is asserted is
 * that the measure completed and reported each of its figures.
 */
class MeasuresSmokeTest {

    /** Each measure with tiny sizes, and the figures its line must carry. */
    static Stream<Arguments> tinyMeasures() {
        List<Arguments> all = new ArrayList<>();
        for (ThreadKind kind : ThreadKind.values()) {
            if (kind == ThreadKind.VIRTUAL && !ThreadKind.virtualThreadsAvailable()) {
                continue;
            }
            String k = "kind=" + kind;
            all.add(Arguments.of("startup", List.of("n=20", k), List.of("ms", "listener_calls", "alloc_per_service_bytes")));
            all.add(Arguments.of("startup", List.of("n=20", "rounds=3", k), List.of("ms", "warm_ms", "rounds", "cpu_ms", "jit_cpu_ms", "gc_cpu_ms")));
            all.add(Arguments.of("lateness", List.of("r=5", "background=alone", "seconds=1", k),
                    List.of("samples", "p50_ms", "p99_ms", "max_ms", "delay_p99_ms")));
            all.add(Arguments.of("lateness", List.of("r=5", "background=alone", "seconds=1", "settle=1", k),
                    List.of("samples", "p99_ms", "settle_s")));
            all.add(Arguments.of("lateness", List.of("r=5", "background=busy", "healthy=20", "crashers=3", "seconds=1", k),
                    List.of("samples", "p50_ms", "p99_ms", "max_ms")));
            all.add(Arguments.of("churn", List.of("n=20", "failing=5", "listener=true", "seconds=1", "settle=0", k),
                    List.of("changes_per_s", "cpu_per_change_us", "listener_calls_per_s")));
            all.add(Arguments.of("churn", List.of("n=20", "failing=5", "bare=true", "seconds=1", "settle=0", k),
                    List.of("changes_per_s", "cpu_per_change_us")));
            all.add(Arguments.of("idle", List.of("n=20", "r=50", "seconds=1", "settle=0", k),
                    List.of("cpu_ms", "schedstat_cpu_ms", "ours_cpu_ms", "jvm_cpu_ms")));
            all.add(Arguments.of("floor", List.of("r=5", "hop=none", "seconds=1", k), List.of("samples", "p50_ms", "p99_ms")));
            all.add(Arguments.of("floor", List.of("r=5", "hop=timer", "seconds=1", k), List.of("samples", "p50_ms", "p99_ms")));
            all.add(Arguments.of("memory", List.of("n=20", "settle=0", "bare=true", k),
                    List.of("heap_per_service_bytes", "rss_per_service_bytes")));
            all.add(Arguments.of("memory", List.of("n=20", "settle=0", k),
                    List.of("heap_per_service_bytes", "rss_per_service_bytes")));
            all.add(Arguments.of("shutdown", List.of("n=20", "listener=true", k), List.of("ms", "stopped")));
            all.add(Arguments.of("shutdown", List.of("n=20", "listener=false", "rounds=2", k), List.of("ms", "warm_ms", "rounds")));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tinyMeasures")
    void measure_withTinySizes_completesAndReportsEachFigure(String measure, List<String> options, List<String> figures) {
        Map<String, String> line = Table.parse(Measures.run(measure, options(options)).json());

        assertEquals("ok", line.get("status"), () -> "line: " + line);
        assertEquals("ours", line.get("side"));
        assertEquals(measure, line.get("measure"));
        for (String figure : figures) {
            assertTrue(line.containsKey(figure), () -> figure + " missing from " + line);
            Double.parseDouble(line.get(figure)); // a number
        }
    }

    @Test
    void busiest_listsTheThreadsThatUsedMostCpuBetweenTwoReadings_busiestFirst() {
        Map<String, Long> before = Map.of("GC Thread#N", 1_000_000L, "VM Thread", 4_000_000L);
        Map<String, Long> after = Map.of("GC Thread#N", 3_000_000L, "VM Thread", 4_000_000L, "G1 Service", 5_500_000L,
                "C2 CompilerThre", 700_000L);

        assertEquals("G1 Service=5.5;GC Thread#N=2.0", Measures.busiest(before, after, 2));
        assertEquals("G1 Service=5.5;GC Thread#N=2.0;C2 CompilerThre=0.7", Measures.busiest(before, after, 6));
    }

    @Test
    void threadNames_areGroupedWithEachRunOfDigitsAsOneN() {
        assertEquals("GC Thread#N", Gauges.withoutDigits("GC Thread#12"));
        assertEquals("CN CompilerThre", Gauges.withoutDigits("C2 CompilerThre"));
        assertEquals("bench/h-N", Gauges.withoutDigits("bench/h-9475"));
        assertEquals("VM Thread", Gauges.withoutDigits("VM Thread"));
    }

    @Test
    void shutdown_withTinySizes_reportsEveryServiceStopped() {
        Map<String, String> line = Table.parse(Measures.run("shutdown", options(List.of("n=7", "listener=false"))).json());

        assertEquals("7", line.get("stopped"));
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualThreads_beforeJava21_areReportedNotAttempted() {
        Map<String, String> line = Table.parse(Measures.run("startup", options(List.of("n=5", "kind=VIRTUAL"))).json());

        assertEquals("n/a", line.get("status"));
        assertEquals("virtual threads need Java 21 or later, this is Java " + Runtime.version().feature(), line.get("reason"));
    }

    @Test
    void platformThreadsBeyondTheMachinesLimit_areReportedNotAttempted() {
        int limit = Gauges.platformThreadLimit();
        Map<String, String> line = Table.parse(
                Measures.run("memory", options(List.of("n=" + (limit + 1), "kind=PLATFORM"))).json());

        assertEquals("n/a", line.get("status"));
        assertEquals((limit + 1) + " platform threads exceed this machine's limit of about " + limit
                + " (vm.max_map_count / 3)", line.get("reason"));
    }

    @Test
    void platformThreadLimit_onLinux_isAThirdOfTheMapCountAtMost() {
        assertTrue(Gauges.platformThreadLimit() > 1000, () -> "limit " + Gauges.platformThreadLimit());
    }

    @Test
    void unknownOption_isRejectedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Measures.run("startup", options(List.of("n=5", "services=3"))));

        assertEquals("unknown option 'services', this measure takes [kind, n, rounds, timeout]", e.getMessage());
    }

    @Test
    void badNumber_isRejectedWithTheValueAndWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Measures.run("churn", options(List.of("n=many"))));

        assertEquals("n must be a whole number of at least 1, was 'many'", e.getMessage());
    }

    @Test
    void negativeSettle_isRejectedWithTheValueAndWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Measures.run("lateness", options(List.of("r=5", "settle=-1"))));

        assertEquals("settle must be a whole number of at least 0, was '-1'", e.getMessage());
    }

    @Test
    void unknownMeasure_isRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Measures.run("warp", Map.of()));

        assertEquals("measure must be one of [churn, floor, idle, lateness, memory, shutdown, startup], was 'warp'", e.getMessage());
    }

    @Test
    void percentile_isTheNearestRank() {
        assertEquals(0, Measures.percentile(1, 0.99));
        assertEquals(49, Measures.percentile(100, 0.50));
        assertEquals(98, Measures.percentile(100, 0.99));
        assertEquals(99, Measures.percentile(100, 1.0));
        assertEquals(0, Measures.percentile(10, 0.0));
    }

    private static Map<String, String> options(List<String> keyValues) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String kv : keyValues) {
            options.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return options;
    }
}
