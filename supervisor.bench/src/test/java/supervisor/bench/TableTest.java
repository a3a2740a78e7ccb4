package supervisor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The side-by-side table: medians per cell, ratios to the Go original, and the states of a run that gave no figure. */
class TableTest {

    @Test
    void parse_readsBackWhatLineWrites() {
        String json = new Line().put("side", "ours").put("n", 10).put("ms", 1.5).put("ok", true)
                .put("reason", "a \"quoted\" word\tand a tab").json();

        assertEquals(Map.of("side", "ours", "n", "10", "ms", "1.5000", "ok", "true", "reason", "a \"quoted\" word\tand a tab"),
                Table.parse(json));
    }

    @Test
    void parse_aCutOffLine_isRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Table.parse("{\"side\":\"go\""));

        assertEquals("result line ends early: {\"side\":\"go\"", e.getMessage());
    }

    @Test
    void shutdownRow_showsTheMedianOfEachCell_andOursAsARatioToGo_withTheFutexSizedRunsInTheirOwnColumn() {
        List<Map<String, String>> lines = List.of(
                shutdown("go", "go", "GOROUTINE", "ok", "100"),
                shutdown("go", "go", "GOROUTINE", "ok", "300"),
                shutdown("go", "go", "GOROUTINE", "ok", "200"),
                shutdown("ours", "java17", "PLATFORM", "ok", "50"),
                shutdown("ours", "java17", "VIRTUAL", "n/a", null),
                shutdown("ours", "java25", "PLATFORM", "error", null),
                futexSized(shutdown("ours", "java25", "PLATFORM", "ok", "40")),
                shutdown("ours", "java25", "VIRTUAL", "ok", "10"),
                shutdown("ours", "java25", "VIRTUAL", "ok", "30"));

        String table = Table.markdown(lines);

        assertTrue(table.contains("| (6) shutdown until every run ended | 1,000 services, with a listener | time (ms) "
                + "| 200 | 50.0 (0.25×) | n/a | error | 40.0 (0.20×) | 20.0 (0.10×) |\n"), table);
    }

    @Test
    void startupThatTimedOut_showsTheTimeoutAsALowerBound() {
        Map<String, String> timedOut = Table.parse("{\"side\":\"go\",\"runtime\":\"go\",\"version\":\"go1.23.5\","
                + "\"kind\":\"GOROUTINE\",\"measure\":\"startup\",\"n\":100000,\"listener\":true,\"status\":\"timeout\",\"timeout_s\":120}");

        String table = Table.markdown(List.of(timedOut));

        assertTrue(table.contains("| 100,000 services | time (ms) | > 120 s |"), table);
    }

    /** The line as a run with supervisor.futexHashSlots set reports it. */
    private static Map<String, String> futexSized(Map<String, String> line) {
        Map<String, String> sized = new java.util.LinkedHashMap<>(line);
        sized.put("futex_slots", "8192");
        return sized;
    }

    private static Map<String, String> shutdown(String side, String runtime, String kind, String status, String ms) {
        Line line = new Line().put("side", side).put("runtime", runtime).put("version", "v").put("kind", kind)
                .put("measure", "shutdown").put("n", 1000).put("listener", true).put("status", status);
        if (ms != null) {
            line.put("ms", Double.parseDouble(ms));
        }
        return Table.parse(line.json());
    }
}
