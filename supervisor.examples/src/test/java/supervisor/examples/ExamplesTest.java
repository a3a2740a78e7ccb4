package supervisor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    private static String output(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @RepeatedTest(20)
    void pingPong_printsTheOriginalsOutput() {
        assertThat(output(PingPong::play)).isEqualTo(String.format("ping%npong%nping%npong%n"));
    }

    @RepeatedTest(5)
    void restartCrashed_printsTheOriginalsOutput() {
        assertThat(output(RestartCrashed::play)).isEqualTo(String.format("service restarted 3 times%n"));
    }

    @Test
    void main_printsBothExamplesInOrder() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Main.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo(String.format("ping%npong%nping%npong%nservice restarted 3 times%n"));
    }
}
