package supervisor.demo;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Component;

/**
 * The table {@link Ping} and {@link Pong} play on: a hand-off of balls (Go's unbuffered channel, a
 * {@link SynchronousQueue} here) and the pause a player takes before each hit, so the console stays
 * readable. Thread-safe; a ball is the number of hits the game has left, and 0 ends the game.
 *
 * <p>A player waits at most {@link #WAIT} for a ball or for its hit to be taken, then fails: if one player's run is restarted
 * by hand mid-game, the other one gives up its game too and both start a new one.
 */
@Component(service = Table.class)
public final class Table {

    /** How long a player waits before each hit. */
    static final Duration PAUSE = Duration.ofMillis(500);
    /** How long a player waits for the other one's hit before it gives the game up. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private final SynchronousQueue<Integer> balls = new SynchronousQueue<>();
    private final Duration pause;
    private final Duration wait;

    public Table() {
        this(PAUSE, WAIT);
    }

    Table(Duration pause, Duration wait) {
        this.pause = pause;
        this.wait = wait;
    }

    /** How long a player waits before each hit. */
    Duration pause() {
        return pause;
    }

    /**
     * Hits {@code ball} across: blocks until the other player takes it.
     *
     * @throws TimeoutException if nobody took it within {@link #WAIT}
     */
    void hit(int ball) throws InterruptedException, TimeoutException {
        if (!balls.offer(ball, wait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("nobody took the ball within " + wait.toMillis() + " ms");
        }
    }

    /**
     * Waits for the other player's hit and returns its ball.
     *
     * @throws TimeoutException if no ball came within {@link #WAIT}
     */
    int receive() throws InterruptedException, TimeoutException {
        Integer ball = balls.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (ball == null) {
            throw new TimeoutException("no ball came within " + wait.toMillis() + " ms");
        }
        return ball;
    }
}
