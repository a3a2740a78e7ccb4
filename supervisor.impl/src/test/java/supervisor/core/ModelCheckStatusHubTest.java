package supervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;

/**
 * Model checking of the {@link StatusHub} and its {@link ListenerChannel}s as the engine uses them:
 * updates published and listeners added or removed under the engine's lock, delivery kicked after
 * it is released, on a direct executor (so the listener runs on whichever thread kicks: the hardest
 * case for "one call at a time"). After every explored execution the validation checks, for every
 * listener ever added: its calls never overlapped, none came after its removal returned, the first
 * was a {@link StatusEvent.Kind#CURRENT} event with the snapshot of the moment it was added, and
 * then, with a backlog that holds everything, it saw every update published while it was added
 * exactly once and in the order of publication, each in a snapshot that contains it; with a backlog
 * of one, the events it got plus the events they say it missed add up to every event queued for
 * it, and its view ends equal to the hub's snapshot.
 */
class ModelCheckStatusHubTest {

    private static final EngineLog LOG = new EngineLog("hub", new QuietLogger());

    /** A listener added once; records what it was given. */
    static final class Watch implements StatusListener {
        final long from; // how many updates were published before it was added
        long until = -1; // how many when it was removed, or -1; guarded by the engine lock
        volatile boolean removalReturned;
        volatile boolean detachReturned;
        final AtomicInteger callsAfterDetach = new AtomicInteger();
        final List<StatusEvent> got = new ArrayList<>(); // written in its calls only, which must be serial
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger inCall = new AtomicInteger();

        Watch(long from) {
            this.from = from;
        }

        @Override
        public void onStatusChange(StatusEvent event) {
            if (inCall.incrementAndGet() != 1) {
                violations.add("two calls at once");
            }
            if (removalReturned) {
                violations.add("called after its removal returned: " + event);
            }
            if (detachReturned && callsAfterDetach.incrementAndGet() > 1) {
                violations.add("more than the call already polled began after its channel was detached: " + event);
            }
            got.add(event);
            inCall.decrementAndGet();
        }
    }

    @Param(name = "service", gen = IntGen.class, conf = "0:1")
    @Param(name = "slot", gen = IntGen.class, conf = "0:1")
    public abstract static class HubUnderEngineLock {
        private final int backlog;
        private final boolean awaitIdle;
        private final ReentrantLock lock = new ReentrantLock();
        private final StatusHub hub = new StatusHub("hub", LOG);
        private final ThreadLocal<Object> marker = new ThreadLocal<>();
        private final List<StatusUpdate> published = new ArrayList<>(); // guarded by lock
        private final Watch[] slots = new Watch[2]; // guarded by lock
        private final List<Watch> everAdded = Collections.synchronizedList(new ArrayList<>());

        /**
         * @param awaitIdle whether removal waits for the listener's call in progress, as the engine
         *     does; the model checker cannot take that timed wait (its clock stands still, so it
         *     reports a livelock), so there it checks instead that after {@code detach} returns at
         *     most the one call already polled begins
         */
        HubUnderEngineLock(int backlog, boolean awaitIdle) {
            this.backlog = backlog;
            this.awaitIdle = awaitIdle;
        }

        /** A reader without the lock: the snapshot is whole, ordered by id, and finds what it lists. */
        @Operation
        public int read() {
            Snapshot snapshot = hub.snapshot();
            int count = 0;
            long previous = Long.MIN_VALUE;
            for (StatusUpdate update : snapshot) {
                if (update.serviceId() <= previous || snapshot.find(update.serviceId()) != update
                        || snapshot.get(count) != update) {
                    throw new AssertionError("a torn snapshot: " + snapshot);
                }
                previous = update.serviceId();
                count++;
            }
            if (count != snapshot.size()) {
                throw new AssertionError("a snapshot of size " + snapshot.size() + " listed " + count);
            }
            return count;
        }

        @Operation(params = "service")
        public void publish(int service) {
            lock.lock();
            try {
                StatusUpdate update = new StatusUpdate(service, "s" + service, Instant.EPOCH, Status.RUNNING,
                        Reason.STARTED, null, published.size(), null, null); // restartCount carries the sequence number
                published.add(update);
                hub.publish(StatusEvent.Kind.CHANGED, update);
            } finally {
                unlock();
            }
        }

        @Operation(params = "slot")
        public boolean addListener(int slot) {
            lock.lock();
            try {
                if (slots[slot] != null) {
                    if (hub.add(slots[slot], Runnable::run, backlog, marker, this, true)) {
                        throw new AssertionError("a listener already there was added twice");
                    }
                    return false;
                }
                Watch watch = new Watch(published.size());
                if (!hub.add(watch, Runnable::run, backlog, marker, this, true)) {
                    throw new AssertionError("a new listener was refused");
                }
                slots[slot] = watch;
                everAdded.add(watch);
                return true;
            } finally {
                unlock();
            }
        }

        @Operation(params = "slot", blocking = true)
        public boolean removeListener(int slot) {
            Watch watch;
            ListenerChannel channel;
            lock.lock();
            try {
                watch = slots[slot];
                if (watch == null) {
                    return false;
                }
                slots[slot] = null;
                watch.until = published.size();
                channel = hub.remove(watch);
            } finally {
                unlock();
            }
            if (channel == null) {
                throw new AssertionError("the hub had no channel for a listener it was given");
            }
            channel.detach(); // as SupervisorEngine.removeListener does, after the lock
            watch.detachReturned = true;
            if (awaitIdle) {
                if (!channel.awaitIdle(Duration.ofSeconds(30))) {
                    throw new AssertionError("the listener did not become idle");
                }
                watch.removalReturned = true;
            }
            return true;
        }

        /** The engine's unlock: release, then dispatch what was queued under the lock. */
        private void unlock() {
            boolean dispatch = hub.takeDispatch();
            lock.unlock();
            if (dispatch) {
                hub.dispatch();
            }
        }

        @Validate
        public void everyListenerSawItsUpdatesOnceInOrder() {
            List<StatusUpdate> all;
            Snapshot last;
            lock.lock();
            try {
                all = List.copyOf(published);
                last = hub.snapshot();
            } finally {
                lock.unlock();
            }
            for (Watch watch : List.copyOf(everAdded)) {
                if (!watch.violations.isEmpty()) {
                    throw new AssertionError(watch.violations.toString());
                }
                List<StatusEvent> got = watch.got;
                if (got.isEmpty()) {
                    if (watch.until < 0) {
                        throw new AssertionError("a listener still added got nothing, not even its CURRENT event");
                    }
                    continue;
                }
                StatusEvent first = got.get(0);
                if (first.kind() != StatusEvent.Kind.CURRENT && backlog > 1) {
                    throw new AssertionError("the first event was not CURRENT: " + first);
                }
                if (backlog > 1) {
                    checkEveryUpdateOnce(watch, all);
                } else {
                    checkAccounting(watch, all, last);
                }
            }
        }

        private static void checkEveryUpdateOnce(Watch watch, List<StatusUpdate> all) {
            List<StatusEvent> got = watch.got;
            List<Long> atAdd = sequences(latestOf(all.subList(0, (int) watch.from)));
            if (!sequences(got.get(0).snapshot()).equals(atAdd)) {
                throw new AssertionError("CURRENT listed " + sequences(got.get(0).snapshot()) + ", the hub had " + atAdd);
            }
            for (int i = 1; i < got.size(); i++) {
                StatusEvent event = got.get(i);
                long expected = watch.from + i - 1;
                if (event.kind() != StatusEvent.Kind.CHANGED || event.update().restartCount() != expected
                        || event.missed() != 0) {
                    throw new AssertionError("event " + i + " was " + event + ", expected update " + expected
                            + " (added at " + watch.from + ", removed at " + watch.until + ")");
                }
                if (find(event.snapshot(), event.update().serviceId()) != event.update()) {
                    throw new AssertionError("an update not in its own snapshot: " + event);
                }
            }
            long seen = got.size() - 1;
            long end = watch.until < 0 ? all.size() : watch.until;
            if (watch.until < 0 ? watch.from + seen != end : watch.from + seen > end) {
                throw new AssertionError("saw " + seen + " updates from " + watch.from + "; " + end
                        + " were published before the end of its registration");
            }
        }

        private static void checkAccounting(Watch watch, List<StatusUpdate> all, Snapshot last) {
            if (watch.until >= 0) {
                return; // removed: its queue was dropped on purpose
            }
            long queued = 1 + all.size() - watch.from; // its CURRENT event and every update since
            long accounted = 0;
            Map<Long, StatusUpdate> view = new HashMap<>();
            for (StatusEvent event : watch.got) {
                accounted += 1 + event.missed();
                if (event.kind() == StatusEvent.Kind.CURRENT) {
                    view.clear();
                    event.snapshot().forEach(u -> view.put(u.serviceId(), u));
                } else {
                    StatusUpdate before = view.put(event.update().serviceId(), event.update());
                    if (before != null && before.restartCount() >= event.update().restartCount()) {
                        throw new AssertionError("out of order: " + before + " then " + event.update());
                    }
                }
            }
            if (accounted != queued) {
                throw new AssertionError("got " + watch.got.size() + " events that account for " + accounted
                        + ", but " + queued + " were queued for it");
            }
            Map<Long, StatusUpdate> hubView = new HashMap<>();
            last.forEach(u -> hubView.put(u.serviceId(), u));
            if (!view.equals(hubView)) {
                throw new AssertionError("its view " + view + " is not the hub's " + hubView);
            }
        }

        private static List<StatusUpdate> latestOf(List<StatusUpdate> updates) {
            Snapshot snapshot = Snapshot.EMPTY;
            for (StatusUpdate update : updates) {
                snapshot = snapshot.with(update);
            }
            return snapshot;
        }

        private static List<Long> sequences(List<StatusUpdate> updates) {
            return updates.stream().map(u -> (long) u.restartCount()).toList();
        }
    }

    /** A backlog that holds every event of a scenario: nothing may be coalesced. */
    public static class RoomyBacklog extends HubUnderEngineLock {
        public RoomyBacklog() {
            super(1024, false);
        }
    }

    /** The same, removal waiting for the call in progress as the engine does: for real threads. */
    public static class RoomyBacklogAwaitingIdle extends HubUnderEngineLock {
        public RoomyBacklogAwaitingIdle() {
            super(1024, true);
        }
    }

    /** A backlog of one: a listener behind gets the latest of each service and the count of what it missed. */
    public static class BacklogOfOne extends HubUnderEngineLock {
        public BacklogOfOne() {
            super(1, false);
        }
    }

    @Test
    void modelChecking_everyListenerSeesEveryUpdateOnceInOrderAndSerially() {
        new ModelCheckingOptions()
                .iterations(Budget.iterations(2))
                .invocationsPerIteration(Budget.invocations(60))
                .threads(3)
                .actorsPerThread(3)
                .check(RoomyBacklog.class);
    }

    @Test
    void modelChecking_withABacklogOfOne_deliveredPlusMissedAccountsForEveryEvent_andTheViewEndsCurrent() {
        new ModelCheckingOptions()
                .iterations(Budget.iterations(2))
                .invocationsPerIteration(Budget.invocations(60))
                .threads(3)
                .actorsPerThread(3)
                .check(BacklogOfOne.class);
    }

    @Test
    void stress_everyListenerSeesEveryUpdateOnceInOrderAndSerially() {
        new StressOptions()
                .iterations(Budget.iterations(10))
                .invocationsPerIteration(Budget.invocations(200))
                .threads(2)
                .actorsPerThread(4)
                .check(RoomyBacklogAwaitingIdle.class);
    }

    /** The update of service {@code id} in a snapshot, or null. */
    static StatusUpdate find(List<StatusUpdate> snapshot, long id) {
        for (StatusUpdate update : snapshot) {
            if (update.serviceId() == id) {
                return update;
            }
        }
        return null;
    }
}
