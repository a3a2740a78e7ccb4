package supervisor.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

/**
 * What it measures: the cost of publishing one status change as a new immutable snapshot of the
 * latest update of every service, for {@code services} services.
 *
 * <ul>
 *   <li>{@link #snapshotWith}: what the engine does, {@link Snapshot#with} on the persistent AVL
 *       tree; expected O(log n).
 *   <li>{@link #arrayCopy}: the Go original's way, a copy of the whole array with one element
 *       replaced; expected O(n).
 *   <li>{@link #listCopyOf}: the obvious Java way, a mutable list updated in place and published
 *       with {@link List#copyOf}; expected O(n).
 * </ul>
 *
 * <p>Each call replaces the update of the next service in a fixed stride through all ids (so the
 * touched element moves around), keeps the result as the current state, as the engine does, and
 * returns it so nothing is optimised away. The updates are made in setup: only the structure is
 * measured, not {@link StatusUpdate}'s constructor.
 *
 * <p>It lives in package {@code supervisor.core} (on the class path, not as a module) to reach the
 * package-private {@link Snapshot}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SnapshotBenchmark {

    /** A prime that shares no factor with any {@code services} value below. */
    private static final int STRIDE = 7919;

    @Param({"10", "1000", "100000"})
    public int services;

    private StatusUpdate[] updates;
    private int next;

    private Snapshot snapshot;
    private StatusUpdate[] array;
    private List<StatusUpdate> master;
    private List<StatusUpdate> published;

    @Setup
    public void setUp() {
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        updates = new StatusUpdate[services];
        array = new StatusUpdate[services];
        master = new ArrayList<>(services);
        snapshot = Snapshot.EMPTY;
        for (int id = 0; id < services; id++) {
            StatusUpdate idle = new StatusUpdate(id, "service-" + id, time, Status.IDLE, supervisor.api.Reason.STARTED, null, 0, null, null);
            snapshot = snapshot.with(idle);
            array[id] = idle;
            master.add(idle);
            updates[id] = new StatusUpdate(id, "service-" + id, time, Status.RUNNING, supervisor.api.Reason.STARTED, null, 0, null, null);
        }
        published = List.copyOf(master);
        next = 0;
    }

    private int nextId() {
        next = (next + STRIDE) % services;
        return next;
    }

    /** The engine: a new snapshot sharing every untouched node with the previous one. */
    @Benchmark
    public List<StatusUpdate> snapshotWith() {
        snapshot = snapshot.with(updates[nextId()]);
        return snapshot;
    }

    /** The Go original: copy every element, replace one. */
    @Benchmark
    public StatusUpdate[] arrayCopy() {
        int id = nextId();
        StatusUpdate[] copy = array.clone();
        copy[id] = updates[id];
        array = copy;
        return copy;
    }

    /** The naive Java engine: update a mutable list, publish an immutable copy of it. */
    @Benchmark
    public List<StatusUpdate> listCopyOf() {
        int id = nextId();
        master.set(id, updates[id]);
        published = List.copyOf(master);
        return published;
    }
}
