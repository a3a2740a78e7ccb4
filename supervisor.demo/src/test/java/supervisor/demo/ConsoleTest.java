package supervisor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    private final Fixtures.MemoryConsole memory = new Fixtures.MemoryConsole();

    @Test
    void println_text_startsWithTheTimeOfDayNow() {
        memory.console.println("ping");

        assertThat(memory.lines()).containsExactly("12:00:01.234 ping");
    }

    @Test
    void println_timeGiven_startsWithThatTimeOfDay() {
        memory.console.println(Instant.parse("2026-12-01T23:59:59.007Z"), "pong");

        assertThat(memory.lines()).containsExactly("23:59:59.007 pong");
    }
}
