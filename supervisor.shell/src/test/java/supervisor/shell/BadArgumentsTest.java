package supervisor.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static supervisor.shell.Descriptions.running;
import static supervisor.shell.Descriptions.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import supervisor.api.Status;

/**
 * Every {@code supervisor:} command with missing, extra and wrong arguments and unknown service or
 * supervisor names: one line naming what was given and what was expected, exactly, and nothing
 * changed (no supervisor was asked to stop, start or restart anything; no configuration re-applied).
 */
class BadArgumentsTest {

    private final FakeRuntime defaults = new FakeRuntime(running("default",
            service(1, "ping", Status.RUNNING, Duration.ofSeconds(1))));
    private final FakeRuntime fast = new FakeRuntime(running("fast",
            service(1, "pong", Status.RUNNING, Duration.ofSeconds(1))));
    private final List<String> reapplied = new ArrayList<>();
    private final Commands commands = new Commands(() -> List.of(new Target("default", defaults, "supervisor"),
            new Target("fast", fast, "supervisor.factory~fast")), reapplied::add);

    private static final String STOP = "usage: supervisor:stop [-s SUPERVISOR] NAME";
    private static final String START = "usage: supervisor:start [-s SUPERVISOR] NAME";
    private static final String RESTART = "usage: supervisor:restart [-s SUPERVISOR] NAME";
    private static final String INFO = "usage: supervisor:info [-s SUPERVISOR] [-a] NAME";
    private static final String LIST = "usage: supervisor:list [-s SUPERVISOR] [-a]";
    private static final String REFUSED = "usage: supervisor:refused [-s SUPERVISOR]";
    private static final String RESET = "usage: supervisor:reset SUPERVISOR";
    private static final String SUPERVISORS = "supervisors are [default, fast]";

    private static Arguments row(String line, Function<Commands, String> command, String expected) {
        return Arguments.of(line, command, expected);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // missing
                row("stop", c -> c.stop(""), "supervisor:stop: missing the service name; " + STOP),
                row("start", c -> c.start(null), "supervisor:start: missing the service name; " + START),
                row("restart", c -> c.restart("", (String[]) null), "supervisor:restart: missing the service name; "
                        + RESTART),
                row("info", c -> c.info("", false), "supervisor:info: missing the service name; " + INFO),
                row("reset", c -> c.reset(), "supervisor:reset: missing the supervisor name; " + RESET),
                // blank
                row("stop ''", c -> c.stop("", ""), "supervisor:stop: expected the service name, got a blank argument"
                        + " ''; " + STOP),
                row("reset ' '", c -> c.reset(" "), "supervisor:reset: expected the supervisor name, got a blank"
                        + " argument ''; " + RESET),
                // extra
                row("stop ping pong", c -> c.stop("", "ping", "pong"), "supervisor:stop: expected one argument, the"
                        + " service name, got 2 [ping, pong]; " + STOP),
                row("start ping ''", c -> c.start("", "ping", ""), "supervisor:start: expected one argument, the service"
                        + " name, got 2 [ping, '']; " + START),
                row("restart a b c", c -> c.restart("", "a", "b", "c"), "supervisor:restart: expected one argument, the"
                        + " service name, got 3 [a, b, c]; " + RESTART),
                row("info ping pong", c -> c.info("", false, "ping", "pong"), "supervisor:info: expected one argument,"
                        + " the service name, got 2 [ping, pong]; " + INFO),
                row("list ping", c -> c.list("", false, "ping"), "supervisor:list: takes no arguments, got [ping]; "
                        + LIST),
                row("refused x y", c -> c.refused("", "x", "y"), "supervisor:refused: takes no arguments, got [x, y]; "
                        + REFUSED),
                row("reset default fast", c -> c.reset("default", "fast"), "supervisor:reset: expected one argument, the"
                        + " supervisor name, got 2 [default, fast]; " + RESET),
                // wrong: unknown options, control characters
                row("stop -x ping", c -> c.stop("", "-x", "ping"), "supervisor:stop: unknown option '-x'; " + STOP),
                row("start --force ping", c -> c.start("", "--force", "ping"), "supervisor:start: unknown option"
                        + " '--force'; " + START),
                row("list -v", c -> c.list("", false, "-v"), "supervisor:list: unknown option '-v'; " + LIST),
                row("refused -a", c -> c.refused("", "-a"), "supervisor:refused: unknown option '-a'; " + REFUSED),
                row("reset -s fast", c -> c.reset("-s", "fast"), "supervisor:reset: unknown option '-s'; " + RESET),
                row("stop 'pi\\nng'", c -> c.stop("", "pi\nng"), "supervisor:stop: no service named 'pi ng' in any"
                        + " supervisor; services are [ping, pong]"),
                // unknown service
                row("stop nope", c -> c.stop("", "nope"), "supervisor:stop: no service named 'nope' in any supervisor;"
                        + " services are [ping, pong]"),
                row("start nope", c -> c.start("", "nope"), "supervisor:start: no service named 'nope' in any"
                        + " supervisor; services are [ping, pong]"),
                row("restart nope", c -> c.restart("", "nope"), "supervisor:restart: no service named 'nope' in any"
                        + " supervisor; services are [ping, pong]"),
                row("info nope", c -> c.info("", false, "nope"), "supervisor:info: no service named 'nope' in any"
                        + " supervisor; services are [ping, pong]"),
                row("stop -s fast ping", c -> c.stop("fast", "ping"), "supervisor:stop: no service named 'ping' in"
                        + " supervisor 'fast'; services are [pong]"),
                row("restart -s default pong", c -> c.restart("default", "pong"), "supervisor:restart: no service named"
                        + " 'pong' in supervisor 'default'; services are [ping]"),
                // unknown supervisor
                row("stop -s slow ping", c -> c.stop("slow", "ping"), "supervisor:stop: no supervisor named 'slow'; "
                        + SUPERVISORS),
                row("start -s slow ping", c -> c.start("slow", "ping"), "supervisor:start: no supervisor named 'slow'; "
                        + SUPERVISORS),
                row("restart -s slow ping", c -> c.restart("slow", "ping"), "supervisor:restart: no supervisor named"
                        + " 'slow'; " + SUPERVISORS),
                row("info -s slow ping", c -> c.info("slow", false, "ping"), "supervisor:info: no supervisor named"
                        + " 'slow'; " + SUPERVISORS),
                row("list -s slow", c -> c.list("slow", false), "supervisor:list: no supervisor named 'slow'; "
                        + SUPERVISORS),
                row("refused -s slow", c -> c.refused("slow"), "supervisor:refused: no supervisor named 'slow'; "
                        + SUPERVISORS),
                row("reset slow", c -> c.reset("slow"), "supervisor:reset: no supervisor named 'slow'; " + SUPERVISORS),
                row("reset Default", c -> c.reset("Default"), "supervisor:reset: no supervisor named 'Default'; "
                        + SUPERVISORS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badArguments_oneLineNamingWhatWasGivenAndExpected_andNothingChanged(String line,
            Function<Commands, String> command, String expected) {
        assertThat(command.apply(commands)).isEqualTo(expected);

        assertThat(defaults.calls).isEmpty();
        assertThat(fast.calls).isEmpty();
        assertThat(reapplied).isEmpty();
    }
}
