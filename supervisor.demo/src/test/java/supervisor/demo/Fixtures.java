package supervisor.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import supervisor.api.Cancellable;
import supervisor.api.ServiceContext;

/** Small hand-written fakes for the demo's unit tests. */
final class Fixtures {

    static final Instant NOON = Instant.parse("2026-12-01T12:00:01.234Z");

    private Fixtures() {
    }

    /** A console writing to memory, with a clock stopped at {@link #NOON} in UTC. */
    static final class MemoryConsole {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Clock.fixed(NOON, ZoneOffset.UTC));

        List<String> lines() {
            synchronized (bytes) {
                String text = bytes.toString(StandardCharsets.UTF_8);
                return text.isEmpty() ? List.of() : List.of(text.split("\n"));
            }
        }
    }

    /** A context that is cancelled, or not, from the start; its waits return at once. */
    static ServiceContext context(boolean cancelled) {
        return new ServiceContext() {
            @Override
            public long id() {
                return 1;
            }

            @Override
            public String name() {
                return "test";
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public void awaitCancellation() {
                throw new UnsupportedOperationException("the demo's services always wait with a timeout");
            }

            @Override
            public boolean awaitCancellation(Duration timeout) {
                return cancelled;
            }

            @Override
            public Cancellable onCancel(Runnable action) {
                throw new UnsupportedOperationException("not used by the demo's services");
            }

            @Override
            public System.Logger logger() {
                return System.getLogger("test");
            }
        };
    }
}
