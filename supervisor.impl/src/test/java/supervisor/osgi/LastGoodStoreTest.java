package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.ThreadKind;

class LastGoodStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");
    private static final Settings DEFAULTS = DefaultSupervisorComponent.DEFAULTS;
    /** Every setting away from its default, the default policy with every setting a configuration can give. */
    private static final Settings TUNED = new Settings(Duration.ofMillis(250), Duration.ofSeconds(3), ThreadKind.PLATFORM,
            64, "(&(supervisor.group=fast)(!(x=\\2a)))", "(supervisor.group=fast)", Policy.builder()
                    .restart(Restart.ON_FAILURE).maxDelay(Duration.ofSeconds(30)).multiplier(1.5).jitter(0.25)
                    .resetAfter(Duration.ofMinutes(2)).intensity(5, Duration.ofMinutes(1)).escalate(true).build(), 42);

    @TempDir
    Path directory;

    private final RecordingLog log = new RecordingLog();

    private LastGoodStore store() {
        return new LastGoodStore(directory, log, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void saveThenLoad_givesTheSameSettingsAndWhenTheyWereAccepted() {
        LastGoodStore store = store();

        store.save("supervisor", TUNED, "supervisor 'default'");
        Optional<LastGoodStore.Saved> saved = store.load("supervisor", DEFAULTS, "supervisor 'default'");

        assertThat(saved).isPresent();
        assertThat(saved.get().settings()).isEqualTo(TUNED);
        assertThat(saved.get().acceptedAt()).isEqualTo(NOW);
        assertThat(saved.get().file()).isEqualTo(directory.resolve("supervisor.properties"));
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void saveThenLoad_defaultSettings_roundTrip() {
        LastGoodStore store = store();

        store.save("supervisor.factory~fast", FactorySupervisorComponent.DEFAULTS, "supervisor 'fast'");

        assertThat(store.load("supervisor.factory~fast", DEFAULTS, "supervisor 'fast'").orElseThrow().settings())
                .isEqualTo(FactorySupervisorComponent.DEFAULTS);
    }

    @Test
    void save_writesEverySettingByItsConfigurationName_andNothingElse() throws IOException {
        store().save("supervisor", TUNED, "supervisor 'default'");

        assertThat(Files.readAllLines(directory.resolve("supervisor.properties"), StandardCharsets.UTF_8)).containsExactly(
                "# The last configuration that supervisor.impl accepted for supervisor, read when the stored one is"
                        + " invalid at activation. Written by supervisor.impl;",
                "# do not edit (configure through ConfigurationAdmin instead).",
                "format=1", "key=supervisor", "accepted.at=2026-12-02T01:00:00Z",
                "restart.interval=PT0.25S", "shutdown.timeout=PT3S", "thread.kind=PLATFORM", "listener.backlog=64",
                "history.size=42", "services.target=(&(supervisor.group=fast)(!(x=\\\\2a)))",
                "listeners.target=(supervisor.group=fast)", "restart=ON_FAILURE", "max.delay=PT30S", "multiplier=1.5",
                "jitter=0.25", "reset.after=PT2M", "max.restarts=5", "window=PT1M", "escalate=true");
    }

    @Test
    void save_again_replacesTheFileWhole_andLeavesNoTemporaryFile() throws IOException {
        LastGoodStore store = store();
        store.save("supervisor", TUNED, "supervisor 'default'");

        store.save("supervisor", DEFAULTS, "supervisor 'default'");

        assertThat(store.load("supervisor", DEFAULTS, "supervisor 'default'").orElseThrow().settings()).isEqualTo(DEFAULTS);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("supervisor.properties");
        }
    }

    @Test
    void load_whileSavesReplaceTheFile_alwaysReadsOneWholeFile() throws Exception {
        LastGoodStore store = store();
        store.save("supervisor", TUNED, "supervisor 'default'");
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 150; i++) {
                store.save("supervisor", i % 2 == 0 ? DEFAULTS : TUNED, "supervisor 'default'");
            }
        });
        writer.start();
        int reads = 0;
        try {
            while (writer.isAlive() || reads < 150) {
                Settings read = store.load("supervisor", DEFAULTS, "supervisor 'default'").orElseThrow().settings();
                assertThat(read).isIn(DEFAULTS, TUNED);
                reads++;
            }
        } finally {
            writer.join();
        }
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void move_replacesAnExistingTargetWhole() throws IOException {
        Path target = Files.writeString(directory.resolve("target.properties"), "old");
        Path next = Files.writeString(directory.resolve("next.tmp"), "new");

        LastGoodStore.move(next, target);

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(next).doesNotExist();
    }

    @Test
    void load_nothingKept_isEmptyAndQuiet() {
        assertThat(store().load("supervisor", DEFAULTS, "supervisor 'default'")).isEmpty();
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void load_fileOfBytesThatAreNoText_isIgnoredWithALogLine() throws IOException {
        Path file = directory.resolve("supervisor.properties");
        Files.write(file, new byte[] {0, (byte) 0xff, (byte) 0xfe, '\n', '=', '='});

        assertThat(store().load("supervisor", DEFAULTS, "supervisor 'default'")).isEmpty();

        assertThat(log.lines()).containsExactly("WARN supervisor 'default': the last good configuration in " + file
                + " is ignored: it cannot be read: java.nio.charset.MalformedInputException: Input length = 1");
    }

    @Test
    void load_fileWithABrokenEscape_isIgnoredWithALogLine() throws IOException {
        Path file = Files.writeString(directory.resolve("supervisor.properties"), "format=1\nkey=\\uzz\n");

        assertThat(store().load("supervisor", DEFAULTS, "supervisor 'default'")).isEmpty();

        assertThat(log.lines()).containsExactly("WARN supervisor 'default': the last good configuration in " + file
                + " is ignored: it cannot be read: java.lang.IllegalArgumentException: Malformed \\uxxxx encoding.");
    }

    @Test
    void load_fileOfAnotherFormat_isIgnoredWithALogLine() throws IOException {
        Path file = Files.writeString(directory.resolve("supervisor.properties"), "format=2\n");

        assertThat(store().load("supervisor", DEFAULTS, "supervisor 'default'")).isEmpty();

        assertThat(log.lines()).containsExactly("WARN supervisor 'default': the last good configuration in " + file
                + " is ignored: format is '2', not 1");
    }

    @Test
    void load_truncatedFile_isIgnoredNamingWhatItLacks() throws IOException {
        store().save("supervisor", TUNED, "supervisor 'default'");
        Path file = directory.resolve("supervisor.properties");
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.indexOf("history.size")));

        assertThat(store().load("supervisor", DEFAULTS, "supervisor 'default'")).isEmpty();

        assertThat(log.lines()).containsExactly("WARN supervisor 'default': the last good configuration in " + file
                + " is ignored: it lacks [history.size, services.target, listeners.target]");
    }

    @Test
    void load_fileWithAnInvalidValue_isIgnoredNamingIt() throws IOException {
        store().save("supervisor", TUNED, "supervisor 'default'");
        Path file = directory.resolve("supervisor.properties");
        Files.writeString(file, Files.readString(file).replace("restart.interval=PT0.25S", "restart.interval=soon"));

        assertThat(store().load("supervisor", DEFAULTS, "supervisor 'default'")).isEmpty();

        assertThat(log.lines()).containsExactly("WARN supervisor 'default': the last good configuration in " + file
                + " is ignored: restart.interval = 'soon' is invalid (not a number of milliseconds nor an ISO-8601"
                + " duration); expected milliseconds (such as 500) or an ISO-8601 duration (such as PT0.5S) from"
                + " PT0.001S to PT24H");
    }

    @Test
    void load_fileOfAnotherKey_isIgnored() throws IOException {
        store().save("a", TUNED, "supervisor 'a'");
        Files.move(directory.resolve("a.properties"), directory.resolve("b.properties"));

        assertThat(store().load("b", DEFAULTS, "supervisor 'b'")).isEmpty();

        assertThat(log.lines()).containsExactly("WARN supervisor 'b': the last good configuration in "
                + directory.resolve("b.properties") + " is ignored: key is 'a', not 'b'");
    }

    @Test
    void save_unwritableDirectory_isLoggedAndNotThrown() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("plain-file"), "x");
        LastGoodStore store = new LastGoodStore(notADirectory, log, Clock.systemUTC());

        store.save("supervisor", TUNED, "supervisor 'default'");

        assertThat(log.lines()).singleElement().asString().startsWith("WARN supervisor 'default': could not keep the"
                + " last good configuration in " + notADirectory.resolve("supervisor.properties") + ": ");
    }

    @Test
    void delete_forgetsIt() {
        LastGoodStore store = store();
        store.save("supervisor", TUNED, "supervisor 'default'");

        store.delete("supervisor", "supervisor 'default'");

        assertThat(store.load("supervisor", DEFAULTS, "supervisor 'default'")).isEmpty();
    }

    @Test
    void none_keepsNothing() {
        LastGoodStore.NONE.save("supervisor", TUNED, "supervisor 'default'");

        assertThat(LastGoodStore.NONE.load("supervisor", DEFAULTS, "supervisor 'default'")).isEmpty();
        assertThat(LastGoodStore.NONE.isEnabled()).isFalse();
    }

    @Test
    void fileName_keepsSafeCharacters_andEncodesEveryOther() {
        assertThat(LastGoodStore.fileName("supervisor")).isEqualTo("supervisor.properties");
        assertThat(LastGoodStore.fileName("supervisor.factory~fast")).isEqualTo("supervisor.factory%7efast.properties");
        assertThat(LastGoodStore.fileName("../etc/passwd")).isEqualTo("%2e.%2fetc%2fpasswd.properties");
        assertThat(LastGoodStore.fileName("Fast")).isEqualTo("%46ast.properties");
        assertThat(LastGoodStore.fileName("fast")).isEqualTo("fast.properties");
        assertThat(LastGoodStore.fileName("zürich")).isEqualTo("z%c3%bcrich.properties");
    }

    @Test
    void fileName_longKeys_areBoundedAndStillDistinct() {
        String a = "x".repeat(199) + "a";
        String b = "x".repeat(199) + "b";

        List<String> names = List.of(LastGoodStore.fileName(a), LastGoodStore.fileName(b));

        assertThat(names).allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(120).endsWith(".properties")
                .startsWith("x".repeat(40)).contains("~"));
        assertThat(names.get(0)).isNotEqualTo(names.get(1));
    }

    @Test
    void fileName_everyKeyRoundTripsThroughTheFileSystem() {
        LastGoodStore store = store();
        for (String key : List.of("supervisor.factory~fast", "a b", "tab\there", "日本", "x".repeat(200), ".hidden")) {
            store.save(key, TUNED, "supervisor 'x'");
            assertThat(store.load(key, DEFAULTS, "supervisor 'x'")).as(key).map(LastGoodStore.Saved::settings)
                    .contains(TUNED);
        }
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void properties_parseBackToEqualSettings() {
        Map<String, String> properties = LastGoodStore.properties(TUNED);

        assertThat(SettingsParser.parse(properties, DEFAULTS).settings()).isEqualTo(TUNED);
    }
}
