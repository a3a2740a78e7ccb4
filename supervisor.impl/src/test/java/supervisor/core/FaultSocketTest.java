package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

/**
 * A service blocked in a read of a loopback socket, which only closing the socket ends (on a
 * platform thread an interrupt does not); it closes the socket through {@code onCancel}. Stopping, restarting and
 * shutting down unblock it at once, with no shutdown timeout spent (the fake clock never moves),
 * and its run ends as the docs say: STOPPED if it returns when its read fails after cancellation,
 * ERROR (with the cause of the stop as the reason) if it lets the {@link SocketException} out. A
 * bystander keeps running throughout.
 */
class FaultSocketTest {

    private ServerSocket server; // accepts nothing and sends nothing: a read from it blocks for good
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicReference<Thread> reader = new AtomicReference<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /**
     * Each run connects to the server, has the socket closed on cancellation, and blocks reading
     * it. With {@code returnsWhenCancelled}, a failed read after cancellation returns; without, the
     * exception leaves the run.
     */
    private Service reading(boolean returnsWhenCancelled) {
        return context -> {
            runs.incrementAndGet();
            try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
                context.onCancel(() -> {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                reader.set(Thread.currentThread());
                int read = socket.getInputStream().read();
                throw new IllegalStateException("the read returned " + read + " though the server sends nothing");
            } catch (SocketException e) {
                if (returnsWhenCancelled && context.isCancelled()) {
                    return;
                }
                throw e;
            }
        };
    }

    private Fixture started(boolean returnsWhenCancelled) {
        Fixture f = new Fixture(b -> b.service("bystander", c -> c.awaitCancellation())
                .service("reader", reading(returnsWhenCancelled)));
        f.supervisor.start();
        assertThat(f.recorder.next("bystander", 2)).containsExactly("bystander IDLE", "bystander RUNNING");
        assertThat(f.recorder.next("reader", 2)).containsExactly("reader IDLE", "reader RUNNING");
        awaitBlockedInRead(1);
        return f;
    }

    /** Waits until run {@code run} sits in the socket read. */
    private void awaitBlockedInRead(int run) {
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == run && reader.get() != null
                && Arrays.stream(reader.get().getStackTrace()).anyMatch(frame ->
                        frame.getClassName().startsWith("java.net.Socket") && frame.getMethodName().equals("read")));
    }

    @Test
    void fault_stopOfAServiceBlockedInASocketRead_closesItThroughOnCancel_andEndsItAtOnce() throws Exception {
        try (Fixture f = started(true)) {
            Thread blocked = reader.get();
            CompletableFuture<Boolean> stop = f.supervisor.stopAsync("reader");
            assertThat(stop.get(10, TimeUnit.SECONDS)).isTrue(); // no fake time passed: the close ended it
            StatusUpdate end = f.recorder.awaitStatus("reader", Status.STOPPED);
            assertThat(end.reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            assertThat(end.error()).isNull();
            blocked.join(10_000);
            assertThat(blocked.isAlive()).isFalse();
            assertBystanderRunning(f);
            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING")),
                    Map.entry("reader", List.of("reader IDLE", "reader RUNNING", "reader STOPPED")));
        }
    }

    @Test
    void fault_stopOfAServiceBlockedInASocketRead_thatLetsTheSocketExceptionOut_endsInErrorAndStaysStopped() throws Exception {
        try (Fixture f = started(false)) {
            assertThat(f.supervisor.stopAsync("reader").get(10, TimeUnit.SECONDS)).isTrue();
            StatusUpdate end = f.recorder.awaitStatus("reader", Status.ERROR);
            assertThat(end.reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            assertThat(end.error()).isInstanceOf(SocketException.class);
            assertThat(end.nextRestart()).isNull();
            f.clock.advance(Duration.ofHours(1));
            assertThat(runs).hasValue(1);
            assertBystanderRunning(f);
            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING")),
                    Map.entry("reader", List.of("reader IDLE", "reader RUNNING", "reader ERROR")));
        }
    }

    @Test
    void fault_restartOfAServiceBlockedInASocketRead_closesItThroughOnCancel_andStartsANewRunAtOnce() throws Exception {
        try (Fixture f = started(true)) {
            Thread first = reader.get();
            f.supervisor.restart("reader");
            assertThat(f.recorder.awaitStatus("reader", Status.STOPPED).reason()).isEqualTo(Reason.RESTARTED_BY_REQUEST);
            assertThat(f.recorder.next("reader", 2)).containsExactly("reader IDLE", "reader RUNNING");
            awaitBlockedInRead(2); // the new run connected again and blocks in its own read
            assertThat(reader.get()).isNotSameAs(first);
            assertThat(f.supervisor.status("reader").orElseThrow().restartCount()).isEqualTo(1);
            assertThat(f.clock.pendingDueTimes()).isEmpty();
            assertBystanderRunning(f);
            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING")),
                    Map.entry("reader", List.of("reader IDLE", "reader RUNNING", "reader STOPPED",
                            "reader IDLE", "reader RUNNING")));
        }
    }

    @Test
    void fault_shutdownWithAServiceBlockedInASocketRead_closesItThroughOnCancel_andEndsCleanWithinNoTimeout() throws Exception {
        try (Fixture f = started(true)) {
            f.supervisor.cancel();
            RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.isClean()).isTrue();
            assertThat(result.finalStatuses()).extracting(u -> u.serviceName() + " " + u.status() + " " + u.reason())
                    .containsExactly("bystander STOPPED SHUTTING_DOWN", "reader STOPPED SHUTTING_DOWN");
            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING", "bystander STOPPED")),
                    Map.entry("reader", List.of("reader IDLE", "reader RUNNING", "reader STOPPED")));
        }
    }

    private static void assertBystanderRunning(Fixture f) {
        assertThat(f.supervisor.status("bystander").orElseThrow().status()).isEqualTo(Status.RUNNING);
        assertThat(f.supervisor.status("bystander").orElseThrow().restartCount()).isZero();
    }
}
