package supervisor.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PingPongTest {

    private final Fixtures.MemoryConsole memory = new Fixtures.MemoryConsole();
    private final Table table = new Table(Duration.ZERO, Duration.ofSeconds(10));
    /** One thread per player: the common pool may have a single thread on a small machine. */
    private final ExecutorService players = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPlayers() throws InterruptedException {
        players.shutdownNow();
        assertThat(players.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void run_oneGame_bothPrintEveryHitInTurnAndReturn() throws Exception {
        CompletableFuture<Void> pong = CompletableFuture.runAsync(() -> play(new Pong(table, memory.console)), players);
        CompletableFuture<Void> ping = CompletableFuture.runAsync(() -> play(new Ping(table, memory.console)), players);

        CompletableFuture.allOf(ping, pong).get(10, TimeUnit.SECONDS);
        assertThat(memory.lines()).containsExactly(
                "12:00:01.234 ping", "12:00:01.234 pong",
                "12:00:01.234 ping", "12:00:01.234 pong",
                "12:00:01.234 ping", "12:00:01.234 pong");
    }

    @Test
    void run_cancelledBeforeTheServe_saysSoWithoutHitting() throws Exception {
        new Ping(table, memory.console).run(Fixtures.context(true));

        assertThat(memory.lines()).containsExactly("12:00:01.234 ping: cancelled, leaving the table");
    }

    @Test
    void run_cancelledAndTheRunFails_stillSaysSo() {
        Table shortWait = new Table(Duration.ZERO, Duration.ofMillis(1));

        assertThatThrownBy(() -> new Pong(shortWait, memory.console).run(Fixtures.context(true)))
                .isExactlyInstanceOf(TimeoutException.class);
        assertThat(memory.lines()).containsExactly("12:00:01.234 pong: cancelled, leaving the table");
    }

    @Test
    void deactivate_eachPlayer_saysItLeft() {
        new Ping(table, memory.console).deactivate();
        new Pong(table, memory.console).deactivate();

        assertThat(memory.lines()).containsExactly("12:00:01.234 ping: deactivated", "12:00:01.234 pong: deactivated");
    }

    @Test
    void run_nobodyTakesTheServe_failsWithTimeout() {
        Table shortWait = new Table(Duration.ZERO, Duration.ofMillis(1));

        assertThatThrownBy(() -> new Ping(shortWait, memory.console).run(Fixtures.context(false)))
                .isExactlyInstanceOf(TimeoutException.class)
                .hasMessage("nobody took the ball within 1 ms");
    }

    @Test
    void run_noServeComes_pongFailsWithTimeout() {
        Table shortWait = new Table(Duration.ZERO, Duration.ofMillis(1));

        assertThatThrownBy(() -> new Pong(shortWait, memory.console).run(Fixtures.context(false)))
                .isExactlyInstanceOf(TimeoutException.class)
                .hasMessage("no ball came within 1 ms");
    }

    private static void play(supervisor.api.Service player) {
        try {
            player.run(Fixtures.context(false));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
