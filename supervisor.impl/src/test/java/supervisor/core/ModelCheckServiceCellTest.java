package supervisor.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.ThreadKind;

/**
 * Model checking of one {@link ServiceCell} driven as {@link SupervisorEngine} drives it: every
 * transition under the engine's lock, cancellation of the run after the lock is released, the end
 * of a run reported by the run's own thread, a scheduled restart falling due, the shutdown. Lincheck
 * runs the operations from three threads in every order it explores and checks that each outcome
 * could have come from {@link Spec}, an abstract model of the cell written from its documentation
 * alone (what it means to do, whether a run is in progress, whether a restart is pending). Each
 * operation also checks, under the lock, that the cell has at most one run and that it is the one
 * the engine counts as live.
 */
class ModelCheckServiceCellTest {

    private static final EngineLog LOG = new EngineLog("model", new QuietLogger());
    private static final Instant T0 = Instant.parse("2000-01-01T00:00:00Z");

    /** The cell and what the engine keeps beside it; every field guarded by {@link #lock}, as in the engine. */
    public static class CellUnderEngineLock {
        private final ReentrantLock lock = new ReentrantLock();
        private final ServiceCell cell = new ServiceCell(1, "s", context -> { }, Policy.INHERIT);
        private final List<RunContext> live = new ArrayList<>(); // runs begun whose thread has not reported their end
        private ServiceCell.PendingRestart scheduled; // the restart task last handed to the scheduler
        private boolean removed; // taken out of the name index: the engine no longer finds it by name
        private boolean supervising = true;

        public CellUnderEngineLock() {
            live.add(cell.begin(Reason.STARTED, LOG, Threads.of(ThreadKind.PLATFORM))); // the supervisor started
        }

        @Operation
        public String start() {
            lock.lock();
            try {
                if (removed) {
                    return "unknown" + state();
                }
                if (!supervising) {
                    return "refused" + state();
                }
                if (cell.run() != null) {
                    return "busy" + state();
                }
                cell.resetTrack();
                begin(Reason.STARTED_BY_REQUEST);
                return "began" + state();
            } finally {
                lock.unlock();
            }
        }

        @Operation
        public String stop() {
            RunContext toCancel;
            String outcome;
            lock.lock();
            try {
                if (removed) {
                    return "unknown" + state();
                }
                cell.hold();
                toCancel = cell.run();
                outcome = (toCancel == null ? "stopped" : "stopping") + state();
            } finally {
                lock.unlock();
            }
            if (toCancel != null) {
                toCancel.cancel(); // after the lock, as the engine does
            }
            return outcome;
        }

        @Operation
        public String restart() {
            RunContext toCancel = null;
            String outcome;
            lock.lock();
            try {
                if (removed) {
                    return "unknown" + state();
                }
                if (!supervising) {
                    return "refused" + state();
                }
                if (cell.requestRestart()) {
                    toCancel = cell.run();
                    outcome = "restarting" + state();
                } else {
                    begin(Reason.RESTARTED_BY_REQUEST);
                    outcome = "began" + state();
                }
            } finally {
                lock.unlock();
            }
            if (toCancel != null) {
                toCancel.cancel();
            }
            return outcome;
        }

        /** At most once a scenario: after it every other operation only answers "unknown". */
        @Operation(runOnce = true)
        public String remove() {
            RunContext toCancel;
            String outcome;
            lock.lock();
            try {
                if (removed) {
                    return "unknown" + state();
                }
                removed = true;
                cell.remove();
                toCancel = cell.run();
                outcome = (toCancel == null ? "removed" : "removing") + state();
            } finally {
                lock.unlock();
            }
            if (toCancel != null) {
                toCancel.cancel();
            }
            return outcome;
        }

        /** The live run's thread reports that the run ended (each run reports once). */
        @Operation
        public String runEnds() {
            lock.lock();
            try {
                if (live.isEmpty()) {
                    return "none" + state();
                }
                RunContext run = live.remove(0);
                ServiceCell.Ended ended = cell.runEnded(run, T0, supervising);
                if (ended == null) {
                    throw new AssertionError("the live run was not the cell's run: " + cell);
                }
                String outcome = switch (ended.next()) {
                    case DROP -> "dropped";
                    case SHUTDOWN -> "shutdown";
                    case RESTART_NOW -> {
                        begin(Reason.RESTARTED_BY_REQUEST);
                        yield "restarted";
                    }
                    case STAY_HELD -> "held";
                    case APPLY_POLICY -> {
                        scheduled = new ServiceCell.PendingRestart(T0.plusSeconds(1), null);
                        cell.restartPending(scheduled, RestartRules.Track.FRESH);
                        yield "scheduled";
                    }
                };
                return outcome + state();
            } finally {
                lock.unlock();
            }
        }

        /** The restart task last scheduled runs (it may have been called off too late to stop it). */
        @Operation
        public String restartDue() {
            lock.lock();
            try {
                ServiceCell.PendingRestart due = scheduled;
                if (due == null) {
                    return "none" + state();
                }
                scheduled = null;
                if (!supervising || !cell.takeDueRestart(due)) {
                    return "ignored" + state();
                }
                begin(Reason.RESTART_DUE);
                return "began" + state();
            } finally {
                lock.unlock();
            }
        }

        @Operation(runOnce = true)
        public String shutdown() {
            RunContext toCancel;
            lock.lock();
            try {
                supervising = false;
                cell.callOffRestart();
                toCancel = cell.run();
            } finally {
                lock.unlock();
            }
            if (toCancel != null) {
                toCancel.cancel();
            }
            return "shutting down";
        }

        /** Under lock. */
        private void begin(Reason why) {
            if (!live.isEmpty()) {
                throw new AssertionError("a second run would begin while " + live.size() + " is live: " + cell);
            }
            live.add(cell.begin(why, LOG, Threads.of(ThreadKind.PLATFORM)));
        }

        /** Under lock: the cell as the model sees it, after checking the one-run invariant. */
        private String state() {
            if (live.size() > 1 || (cell.run() == null) != live.isEmpty() || (cell.run() != null && cell.run() != live.get(0))) {
                throw new AssertionError("runs out of step: cell " + cell + ", live " + live);
            }
            if (cell.nextRestart() != null && (cell.run() != null || cell.intent() != ServiceCell.Intent.SUPERVISE)) {
                throw new AssertionError("a restart is pending beside a run or a stop: " + cell);
            }
            String intent = switch (cell.intent()) {
                case SUPERVISE -> "supervise";
                case HOLD -> "hold";
                case RESTART_WHEN_ENDED -> "restart";
                case REMOVE -> "remove";
            };
            return " " + intent + (cell.run() != null ? " running" : "") + (cell.nextRestart() != null ? " pending" : "");
        }
    }

    /**
     * The sequential specification, from the cell's documentation: what the supervisor means to do
     * with the service, whether a run is in progress, whether a restart is pending. Each operation
     * returns what it did and the state after it, as {@link CellUnderEngineLock} does.
     */
    public static class Spec {
        private String intent = "supervise";
        private boolean running = true;
        private boolean pending;
        private boolean removed;
        private boolean supervising = true;
        private boolean restartTaskLeft; // a restart task was scheduled and has not run yet

        public String start() {
            if (removed) {
                return "unknown" + state();
            }
            if (!supervising) {
                return "refused" + state();
            }
            if (running) {
                return "busy" + state();
            }
            beginRun();
            return "began" + state();
        }

        public String stop() {
            if (removed) {
                return "unknown" + state();
            }
            intent = "hold";
            pending = false;
            return (running ? "stopping" : "stopped") + state();
        }

        public String restart() {
            if (removed) {
                return "unknown" + state();
            }
            if (!supervising) {
                return "refused" + state();
            }
            if (running) {
                intent = "restart";
                return "restarting" + state();
            }
            beginRun();
            return "began" + state();
        }

        public String remove() {
            if (removed) {
                return "unknown" + state();
            }
            removed = true;
            intent = "remove";
            pending = false;
            return (running ? "removing" : "removed") + state();
        }

        public String runEnds() {
            if (!running) {
                return "none" + state();
            }
            running = false;
            String outcome;
            if (intent.equals("remove")) {
                outcome = "dropped";
            } else if (!supervising) {
                outcome = "shutdown";
            } else if (intent.equals("restart")) {
                beginRun();
                outcome = "restarted";
            } else if (intent.equals("hold")) {
                outcome = "held";
            } else {
                pending = true;
                restartTaskLeft = true;
                outcome = "scheduled";
            }
            return outcome + state();
        }

        public String restartDue() {
            if (!restartTaskLeft) {
                return "none" + state();
            }
            restartTaskLeft = false;
            if (!pending || !supervising) {
                return "ignored" + state();
            }
            beginRun();
            return "began" + state();
        }

        public String shutdown() {
            supervising = false;
            pending = false;
            return "shutting down";
        }

        private void beginRun() {
            running = true;
            pending = false;
            intent = "supervise";
        }

        private String state() {
            return " " + intent + (running ? " running" : "") + (pending ? " pending" : "");
        }
    }

    @Test
    void modelChecking_everyInterleavingOfControlRunEndsAndRestarts_matchesTheSpec() {
        new ModelCheckingOptions()
                .iterations(Budget.iterations(5))
                .invocationsPerIteration(Budget.invocations(120))
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(Spec.class)
                .check(CellUnderEngineLock.class);
    }

    @Test
    void stress_controlRunEndsAndRestartsOnRealThreads_matchTheSpec() {
        new StressOptions()
                .iterations(Budget.iterations(6))
                .invocationsPerIteration(Budget.invocations(200))
                .threads(2)
                .actorsPerThread(3)
                .sequentialSpecification(Spec.class)
                .check(CellUnderEngineLock.class);
    }
}
