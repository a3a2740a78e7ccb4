package supervisor.itest.bundles.pingpong;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.SynchronousQueue;
import org.osgi.service.component.annotations.Component;

/**
 * What Ping and Pong share: the table (an unbuffered channel in the original, a
 * {@link SynchronousQueue} here) and the output they print to. Thread-safe.
 *
 * <p>Go's {@code close(table)} makes the next receive yield 0; here {@link #close()} marks the
 * table closed and hands 0 to the player waiting on it. Once closed, the game is over:
 * {@link #gameOver()} completes with the output, and players started again find the table closed
 * and only wait to be stopped (in the original, ping's cancel stops the supervisor, so nothing is
 * ever started again; here the test stops the supervisor when the game is over).
 */
@Component(service = Table.class)
public final class Table {

    private final SynchronousQueue<Integer> table = new SynchronousQueue<>();
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<String> gameOver = new CompletableFuture<>();
    private volatile boolean closed;

    /** Sends a ball: blocks until the other player takes it. */
    void send(int ball) throws InterruptedException {
        table.put(ball);
    }

    /** Receives a ball: blocks until the other player sends one. */
    int receive() throws InterruptedException {
        return table.take();
    }

    /** Prints a line to the game's output. */
    void println(String line) {
        output.append(line).append('\n');
    }

    /** Closes the table: the player waiting on it receives 0; then the game is over. */
    void close() throws InterruptedException {
        closed = true;
        table.put(0);
        gameOver.complete(output.toString());
    }

    boolean isClosed() {
        return closed;
    }

    /** Completes with everything printed, once the table is closed. */
    public CompletionStage<String> gameOver() {
        return gameOver;
    }
}
