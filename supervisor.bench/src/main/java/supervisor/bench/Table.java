package supervisor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the side-by-side markdown table from the {@link Line}s both harnesses printed: one row
 * per measure, setting and figure, one column per side (the Go original; ours on each JDK and
 * thread kind), each cell the median of the runs of that cell, and after each of our figures its
 * ratio to the Go original's ({@code ours ÷ Go}).
 *
 * <pre>java -cp benchmarks.jar supervisor.bench.Table results.txt... &gt; table.md</pre>
 *
 * Lines that do not start with {@link Line#PREFIX} are skipped, so a whole log can be given.
 */
public final class Table {

    /** A figure shown in the table: the key in the lines (the Go side's may differ), a label, a unit. */
    record Figure(String key, String goKey, String label, String unit, boolean higherIsBetter) {
        static Figure of(String key, String label, String unit) {
            return new Figure(key, key, label, unit, false);
        }
    }

    /** A measure: the keys that tell its settings apart, and its figures. */
    record Measure(String name, String title, List<String> settings, List<Figure> figures) {
    }

    static final List<Measure> MEASURES = List.of(
            new Measure("startup", "(1) start-up until a listener saw every service RUNNING", List.of("n"), List.of(
                    Figure.of("ms", "time", "ms"),
                    Figure.of("warm_ms", "time, warm JVM (ours: median of rounds 2–4 in one process)", "ms"),
                    Figure.of("cpu_ms", "CPU, cold (ours: every thread's schedstat)", "ms"),
                    Figure.of("jit_cpu_ms", "of which the JIT compilers", "ms"),
                    Figure.of("listener_calls", "listener calls", ""),
                    Figure.of("alloc_per_service_bytes", "allocated per service", "B"))),
            new Measure("lateness", "(2) restart lateness after the due time", List.of("r_ms", "background"), List.of(
                    Figure.of("p50_ms", "p50", "ms"),
                    Figure.of("p99_ms", "p99", "ms"),
                    Figure.of("max_ms", "max", "ms"))),
            new Measure("floor", "(2a) the machine's own lateness, no supervisor: a thread sleeping R (hop none), or a timer starting a new thread (hop timer)",
                    List.of("r_ms", "hop"), List.of(
                    Figure.of("p50_ms", "p50", "ms"),
                    Figure.of("p99_ms", "p99", "ms"),
                    Figure.of("max_ms", "max", "ms"))),
            new Measure("churn", "(3) crash churn: 1,000 services crashing, R = 1 ms", List.of("n", "listener", "bare"), List.of(
                    new Figure("changes_per_s", "changes_per_s", "status changes per second", "/s", true),
                    Figure.of("cpu_per_change_us", "CPU per change", "µs"))),
            new Measure("idle", "(4) idle CPU, every service healthy", List.of("n", "r_ms", "seconds"), List.of(
                    Figure.of("cpu_ms", "process CPU (ours: in 10 ms clock ticks)", "ms"),
                    Figure.of("schedstat_cpu_ms", "ours: sum of every thread's schedstat", "ms"),
                    Figure.of("ours_cpu_ms", "of which the supervisor's threads", "ms"))),
            new Measure("memory", "(5) memory per idle service", List.of("n", "bare"), List.of(
                    new Figure("heap_per_service_bytes", "heap_stack_per_service_bytes",
                            "heap (Go: heap + goroutine stacks)", "B", false),
                    Figure.of("rss_per_service_bytes", "resident set", "B"))),
            new Measure("shutdown", "(6) shutdown until every run ended", List.of("n", "listener"), List.of(
                    Figure.of("ms", "time", "ms"),
                    Figure.of("warm_ms", "time, warm JVM (ours: median of rounds 2–4 in one process)", "ms"),
                    Figure.of("cpu_ms", "CPU, cold (ours: every thread's schedstat)", "ms"),
                    Figure.of("jit_cpu_ms", "of which the JIT compilers", "ms"))),
            new Measure("osgi", "(7) OSGi path in Felix (ours only)", List.of("n"), List.of(
                    Figure.of("register_ms", "whiteboard registration to every service RUNNING", "ms"),
                    Figure.of("stop_ms", "bundle stop to every run ended", "ms"))));

    /**
     * The columns: side, runtime and thread kind of a line, the header shown, and whether the line
     * ran with the kernel's futex hash sized ({@code supervisor.futexHashSlots}, its line has
     * {@code futex_slots}).
     */
    static final List<String[]> COLUMNS = List.of(
            new String[] {"go", "go", "GOROUTINE", "Go original", "default"},
            new String[] {"ours", "java17", "PLATFORM", "ours, 17, platform", "default"},
            new String[] {"ours", "java17", "VIRTUAL", "ours, 17, virtual", "default"},
            new String[] {"ours", "java25", "PLATFORM", "ours, 25, platform", "default"},
            new String[] {"ours", "java25", "PLATFORM", "ours, 25, platform, futex hash sized", "futex"},
            new String[] {"ours", "java25", "VIRTUAL", "ours, 25, virtual", "default"});

    private Table() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: Table RESULTS_FILE... (files of BENCH lines)");
            System.exit(2);
        }
        List<Map<String, String>> lines = new ArrayList<>();
        for (String file : args) {
            for (String text : Files.readAllLines(Path.of(file))) {
                if (text.startsWith(Line.PREFIX)) {
                    lines.add(parse(text.substring(Line.PREFIX.length())));
                }
            }
        }
        System.out.print(markdown(lines));
    }

    /** The table (and a line naming the runtimes seen) as markdown. */
    static String markdown(List<Map<String, String>> lines) {
        StringBuilder out = new StringBuilder();
        Set<String> versions = new TreeSet<>();
        for (Map<String, String> line : lines) {
            String version = line.get("version");
            if (version != null && !version.equals("?")) { // "?": a line the script wrote for a run not made
                versions.add(line.get("side") + " " + version);
            }
        }
        out.append("Runtimes: ").append(String.join("; ", versions)).append(". Each cell is the median of its runs; ")
                .append("(×) is ours ÷ the Go original's.\n\n");
        out.append("| measure | setting | figure |");
        for (String[] column : COLUMNS) {
            out.append(' ').append(column[3]).append(" |");
        }
        out.append("\n| --- | --- | --- |");
        out.append(" ---: |".repeat(COLUMNS.size()));
        out.append('\n');
        for (Measure measure : MEASURES) {
            Set<String> settings = new LinkedHashSet<>();
            for (Map<String, String> line : lines) {
                if (measure.name.equals(line.get("measure"))) {
                    settings.add(setting(measure, line));
                }
            }
            for (String setting : sortedSettings(settings)) {
                for (Figure figure : measure.figures) {
                    out.append("| ").append(measure.title).append(" | ").append(setting).append(" | ")
                            .append(figure.label).append(figure.unit.isEmpty() ? "" : " (" + figure.unit + ")")
                            .append(figure.higherIsBetter ? ", higher is better" : "").append(" |");
                    Double go = null;
                    for (String[] column : COLUMNS) {
                        List<Map<String, String>> cell = new ArrayList<>();
                        for (Map<String, String> line : lines) {
                            if (measure.name.equals(line.get("measure")) && setting.equals(setting(measure, line))
                                    && column[0].equals(line.get("side")) && column[1].equals(line.get("runtime"))
                                    && column[2].equals(line.get("kind"))
                                    && column[4].equals(line.containsKey("futex_slots") ? "futex" : "default")) {
                                cell.add(line);
                            }
                        }
                        String key = column[0].equals("go") ? figure.goKey : figure.key;
                        Double median = median(cell, key);
                        if (column[0].equals("go")) {
                            go = median;
                        }
                        out.append(' ').append(cellText(cell, key, median, column[0].equals("go") ? null : go)).append(" |");
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String setting(Measure measure, Map<String, String> line) {
        List<String> parts = new ArrayList<>();
        for (String key : measure.settings) {
            String value = line.get(key);
            if (value == null) {
                continue;
            }
            parts.add(switch (key) {
                case "n" -> String.format(Locale.ROOT, "%,d services", Long.parseLong(value));
                case "r_ms" -> "R = " + value + " ms";
                case "listener" -> value.equals("true") ? "with a listener" : "no listener";
                case "background" -> value.equals("busy")
                        ? "beside " + String.format(Locale.ROOT, "%,d", Long.parseLong(line.getOrDefault("healthy", "0")))
                                + " healthy and " + line.getOrDefault("crashers", "?") + " crashing"
                        : "alone";
                case "seconds" -> "over " + value + " s";
                case "bare" -> measure.name.equals("churn") ? "no supervisor: a timer starting a thread per run (the floor)"
                        : "no supervisor: bare parked threads (the floor)";
                case "hop" -> value.equals("none") ? "a thread sleeping" : "a timer starting a thread";
                default -> key + " = " + value;
            });
        }
        return String.join(", ", parts);
    }

    /** Settings in a readable order: by their numbers, as numbers, then by text. */
    private static List<String> sortedSettings(Set<String> settings) {
        List<String> sorted = new ArrayList<>(settings);
        sorted.sort((a, b) -> {
            String[] x = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
            String[] y = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                int c;
                String p = x[i].replace(",", "");
                String q = y[i].replace(",", "");
                if (!p.isEmpty() && !q.isEmpty() && Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))) {
                    c = Long.compare(Long.parseLong(p), Long.parseLong(q));
                } else {
                    c = x[i].compareTo(y[i]);
                }
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.length, y.length);
        });
        return sorted;
    }

    private static Double median(List<Map<String, String>> cell, String key) {
        List<Double> values = new ArrayList<>();
        for (Map<String, String> line : cell) {
            if ("ok".equals(line.get("status")) && line.containsKey(key)) {
                values.add(Double.parseDouble(line.get(key)));
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static String cellText(List<Map<String, String>> cell, String key, Double median, Double go) {
        if (median != null) {
            String text = number(median);
            if (go != null && go != 0) {
                text += " (" + ratio(median / go) + "×)";
            }
            return text;
        }
        for (Map<String, String> line : cell) {
            if ("timeout".equals(line.get("status"))) {
                return "> " + line.get("timeout_s") + " s";
            }
        }
        for (Map<String, String> line : cell) {
            if ("n/a".equals(line.get("status"))) {
                return "n/a";
            }
        }
        for (Map<String, String> line : cell) {
            if ("error".equals(line.get("status"))) {
                return "error";
            }
        }
        return cell.isEmpty() ? "" : "–";
    }

    static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double value) {
        double abs = Math.abs(value);
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2g", value);
    }

    /** Parses one flat JSON object of strings, numbers and booleans, as {@link Line} and the Go harness write it. */
    static Map<String, String> parse(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        int[] at = {skip(json, 0)};
        expect(json, at, '{');
        while (true) {
            at[0] = skip(json, at[0]);
            if (json.charAt(at[0]) == '}') {
                return fields;
            }
            String key = string(json, at);
            at[0] = skip(json, at[0]);
            expect(json, at, ':');
            at[0] = skip(json, at[0]);
            String value;
            if (json.charAt(at[0]) == '"') {
                value = string(json, at);
            } else {
                int end = at[0];
                while (end < json.length() && ",} ".indexOf(json.charAt(end)) < 0) {
                    end++;
                }
                value = json.substring(at[0], end);
                at[0] = end;
            }
            fields.put(key, value);
            at[0] = skip(json, at[0]);
            if (json.charAt(at[0]) == ',') {
                at[0]++;
            }
        }
    }

    private static int skip(String json, int at) {
        while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
            at++;
        }
        if (at >= json.length()) {
            throw new IllegalArgumentException("result line ends early: " + json);
        }
        return at;
    }

    private static void expect(String json, int[] at, char c) {
        if (json.charAt(at[0]) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at[0] + " of result line " + json);
        }
        at[0]++;
    }

    private static String string(String json, int[] at) {
        expect(json, at, '"');
        StringBuilder s = new StringBuilder();
        while (true) {
            if (at[0] >= json.length()) {
                throw new IllegalArgumentException("unterminated string in result line " + json);
            }
            char c = json.charAt(at[0]++);
            if (c == '"') {
                return s.toString();
            }
            if (c == '\\') {
                char e = json.charAt(at[0]++);
                switch (e) {
                    case 'n' -> s.append('\n');
                    case 't' -> s.append('\t');
                    case 'u' -> {
                        s.append((char) Integer.parseInt(json.substring(at[0], at[0] + 4), 16));
                        at[0] += 4;
                    }
                    default -> s.append(e);
                }
            } else {
                s.append(c);
            }
        }
    }
}
