package supervisor.osgi;

import static supervisor.api.SupervisorConstants.HISTORY_SIZE;
import static supervisor.api.SupervisorConstants.LISTENERS_TARGET;
import static supervisor.api.SupervisorConstants.LISTENER_BACKLOG;
import static supervisor.api.SupervisorConstants.RESTART_INTERVAL;
import static supervisor.api.SupervisorConstants.SERVICES_TARGET;
import static supervisor.api.SupervisorConstants.SHUTDOWN_TIMEOUT;
import static supervisor.api.SupervisorConstants.THREAD_KIND;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The last configuration each supervisor accepted, kept in files (in OSGi, the data area of
 * {@code supervisor.impl}: {@code BundleContext.getDataFile}), so that a supervisor whose stored
 * configuration is invalid when it is activated again (after a restart of the bundle or of the
 * framework) runs on the last one it accepted rather than on the defaults. Plain Java.
 *
 * <p>One file per supervisor, named after its key (the configuration PID) made safe for any file
 * system ({@link #fileName}). A file holds the accepted {@link Settings}, each setting by its
 * configuration property name in the form {@link SettingsParser} reads, and when it was accepted;
 * it never holds another property of the configuration, so nothing secret is written. Writing goes
 * to a temporary file in the same directory that is then moved over the old one atomically (or,
 * where the file system cannot, replacing it), so a reader sees the old file or the new one, never
 * a half-written one. Reading checks the file whole, with the same parser as a configuration: a
 * file that is unreadable, incomplete or invalid is ignored, with a log line saying why.
 *
 * <p>Failures never reach the caller: they are logged (WARN) and the store carries on. Thread-safe
 * without locks: it keeps no mutable state, each write has a temporary file of its own, and a move
 * replaces the file whole. Callers write each key from one thread at a time (Declarative Services
 * never activates or modifies one component concurrently).
 */
final class LastGoodStore {

    /** A store that keeps nothing (no data area: the framework has no file system support). */
    static final LastGoodStore NONE = new LastGoodStore(null, new Log() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void error(String message) {
        }
    }, Clock.systemUTC());

    static final String FORMAT = "format";
    static final String KEY = "key";
    static final String ACCEPTED_AT = "accepted.at";
    private static final String FORMAT_VERSION = "1";
    private static final String SUFFIX = ".properties";
    /** The settings every file must have; the default policy's are optional (a policy may set none). */
    private static final List<String> REQUIRED = List.of(RESTART_INTERVAL, SHUTDOWN_TIMEOUT, THREAD_KIND,
            LISTENER_BACKLOG, HISTORY_SIZE, SERVICES_TARGET, LISTENERS_TARGET);
    /** Longest file name this store makes, well below the 255 bytes common file systems allow. */
    private static final int MAX_NAME = 120;

    private final Path directory;
    private final Log log;
    private final Clock clock;

    /** A configuration accepted earlier, as read back. */
    record Saved(Settings settings, Instant acceptedAt, Path file) {
    }

    /**
     * @param directory where the files go (created when the first one is written), or null to keep nothing
     * @param log where failures and ignored files are told
     * @param clock the time a configuration is accepted at
     */
    LastGoodStore(Path directory, Log log, Clock clock) {
        this.directory = directory;
        this.log = log;
        this.clock = clock;
    }

    /** Whether this store keeps anything. */
    boolean isEnabled() {
        return directory != null;
    }

    /** The file of {@code key}, or null when this store keeps nothing. */
    Path file(String key) {
        return directory == null ? null : directory.resolve(fileName(key));
    }

    /**
     * Keeps {@code settings} as the last good configuration of {@code key}, replacing the one kept
     * before. A failure is logged (WARN, naming {@code owner} and the file) and otherwise ignored.
     */
    void save(String key, Settings settings, String owner) {
        if (directory == null) {
            return;
        }
        Path target = file(key);
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, ".lastgood-", ".tmp");
            byte[] content = render(key, settings, clock.instant()).getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // on disk before it replaces the old file
            }
            move(temporary, target);
            temporary = null;
        } catch (IOException | RuntimeException e) {
            log.warn(owner + ": could not keep the last good configuration in " + target + ": " + e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a stray temporary file is ignored when reading, and harmless
                }
            }
        }
    }

    /** Moves atomically where the file system can, else replacing the target. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The last good configuration of {@code key}, if one was kept and reads back valid. A file that
     * cannot be read, or is incomplete or invalid, is ignored, logged (WARN, naming {@code owner},
     * the file and why).
     *
     * @param defaults what a default policy setting the file leaves out means (as in a configuration)
     */
    Optional<Saved> load(String key, Settings defaults, String owner) {
        List<String> warnings = new ArrayList<>();
        Optional<Saved> saved = load(key, defaults, owner, warnings);
        warnings.forEach(log::warn);
        return saved;
    }

    /**
     * As {@link #load(String, Settings, String)}, adding the WARN lines to {@code warnings} instead
     * of logging them: for a caller that logs once its Log Service is there (a component's
     * constructor runs before Declarative Services injects its references).
     */
    Optional<Saved> load(String key, Settings defaults, String owner, List<String> warnings) {
        if (directory == null) {
            return Optional.empty();
        }
        Path file = file(key);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return ignored(warnings, owner, file, "it cannot be read: " + e);
        }
        if (!FORMAT_VERSION.equals(properties.getProperty(FORMAT))) {
            return ignored(warnings, owner, file, FORMAT + " is " + quoted(properties.getProperty(FORMAT)) + ", not "
                    + FORMAT_VERSION);
        }
        if (!key.equals(properties.getProperty(KEY))) {
            return ignored(warnings, owner, file, KEY + " is " + quoted(properties.getProperty(KEY)) + ", not '" + key + "'");
        }
        Instant acceptedAt;
        try {
            acceptedAt = Instant.parse(String.valueOf(properties.getProperty(ACCEPTED_AT)));
        } catch (DateTimeParseException e) {
            return ignored(warnings, owner, file, ACCEPTED_AT + " is " + quoted(properties.getProperty(ACCEPTED_AT))
                    + ", not an ISO-8601 instant");
        }
        List<String> missing = REQUIRED.stream().filter(name -> properties.getProperty(name) == null).toList();
        if (!missing.isEmpty()) {
            return ignored(warnings, owner, file, "it lacks " + missing);
        }
        Map<String, Object> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        SettingsParser.Result result = SettingsParser.parse(values, defaults);
        if (!result.isValid()) {
            return ignored(warnings, owner, file, String.join("; ", result.problems()));
        }
        return Optional.of(new Saved(result.settings(), acceptedAt, file));
    }

    /** Forgets the last good configuration of {@code key} (its configuration was deleted). */
    void delete(String key, String owner) {
        if (directory == null) {
            return;
        }
        Path file = file(key);
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            log.warn(owner + ": could not delete the last good configuration " + file + ": " + e);
        }
    }

    private static Optional<Saved> ignored(List<String> warnings, String owner, Path file, String why) {
        warnings.add(owner + ": the last good configuration in " + file + " is ignored: " + why);
        return Optional.empty();
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }

    /** The settings as configuration properties that {@link SettingsParser} reads back to equal settings. */
    static Map<String, String> properties(Settings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(RESTART_INTERVAL, settings.restartInterval().toString());
        properties.put(SHUTDOWN_TIMEOUT, settings.shutdownTimeout().toString());
        properties.put(THREAD_KIND, settings.threadKind().name());
        properties.put(LISTENER_BACKLOG, Integer.toString(settings.listenerBacklog()));
        properties.put(HISTORY_SIZE, Integer.toString(settings.historySize()));
        properties.put(SERVICES_TARGET, settings.servicesTarget());
        properties.put(LISTENERS_TARGET, settings.listenersTarget());
        properties.putAll(PolicyProperties.properties(settings.defaultPolicy(), PolicyProperties.Source.CONFIGURATION));
        return properties;
    }

    /** The file's text: a comment, the format, the key, when, and the settings, one per line in a fixed order. */
    static String render(String key, Settings settings, Instant acceptedAt) {
        StringBuilder text = new StringBuilder();
        text.append("# The last configuration that supervisor.impl accepted for ").append(escape(key))
                .append(", read when the stored one is invalid at activation. Written by supervisor.impl;\n")
                .append("# do not edit (configure through ConfigurationAdmin instead).\n");
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put(FORMAT, FORMAT_VERSION);
        lines.put(KEY, key);
        lines.put(ACCEPTED_AT, acceptedAt.toString());
        lines.putAll(properties(settings));
        lines.forEach((name, value) -> text.append(name).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    /**
     * A value as {@link Properties#load(Reader)} reads it back: backslashes doubled, leading spaces,
     * control and non-ASCII characters as escapes ({@code =}, {@code :}, {@code #} and {@code !} need
     * none after the first separator).
     */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == ' ' && out.length() == 0) {
                out.append("\\ ");
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A file name for {@code key} that every common file system accepts and that no other key gets,
     * also where names are case-insensitive: lower-case ASCII letters, digits, {@code .}, {@code _}
     * and {@code -} are kept, every other character becomes {@code %} and the hex of its UTF-8 bytes
     * (so {@code supervisor.factory~fast} is {@code supervisor.factory%7efast.properties}); a long
     * result keeps its first characters and ends with a hash of the whole key.
     */
    static String fileName(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a key must not be empty");
        }
        StringBuilder name = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                name.append(c);
            } else {
                name.append('%').append(String.format("%02x", b & 0xff));
            }
        }
        if (name.length() > MAX_NAME - SUFFIX.length()) {
            String hash = sha256(key).substring(0, 32);
            name.setLength(MAX_NAME - SUFFIX.length() - hash.length() - 1);
            name.append('~').append(hash); // '~' never appears in an encoded name
        }
        if (name.charAt(0) == '.') {
            name.replace(0, 1, "%2e"); // never a hidden file, nor "." or ".."
        }
        return name + SUFFIX;
    }

    private static String sha256(String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b & 0xff));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
