package supervisor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each example prints exactly what its Go original's {@code // Output:} comment says, every time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExamplesTest {

    private static String output(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @RepeatedTest(20)
    void pingPong_played_printsTheOriginalsOutput() {
        assertThat(output(PingPong::play)).isEqualTo(String.format("ping%npong%nping%npong%n"));
    }

    @RepeatedTest(10)
    void restartCrashed_played_printsTheOriginalsOutput() {
        assertThat(output(RestartCrashed::play)).isEqualTo(String.format("service restarted 3 times%n"));
    }

    @RepeatedTest(10)
    void statusUpdateListeners_played_printsTheOriginalsOutput() {
        assertThat(output(StatusUpdateListeners::play)).isEqualTo(String.format("service stopped 3 times%n"));
    }

    @Test
    void main_run_printsTheThreeExamplesInOrder() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Main.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo(String.format("ping%npong%nping%npong%nservice restarted 3 times%nservice stopped 3 times%n"));
    }
}
