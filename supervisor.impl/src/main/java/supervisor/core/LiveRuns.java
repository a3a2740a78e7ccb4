package supervisor.core;

import java.util.AbstractCollection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The runs of one supervisor that have begun and not yet ended: a doubly-linked list threaded
 * through the runs themselves ({@link RunContext#livePrevious}, {@link RunContext#liveNext}), so a
 * run's beginning and end each cost a few pointer writes on runs begun about the same time, no
 * allocation and no hashing. (A hash set cost a node per run and a cache miss into a table as large
 * as the supervisor, which made a restart dearer the more services there were.)
 *
 * <p>Concurrency: guarded by the engine's lock, as are the two fields it uses in each run. Its
 * iterator reads the list as it is; iterate under the lock and do not change it meanwhile.
 */
final class LiveRuns extends AbstractCollection<RunContext> {

    private RunContext first; // the run begun last
    private int size;

    /** Adds a run that is not in the list; @return true */
    @Override
    public boolean add(RunContext run) {
        if (run.live) {
            throw new IllegalStateException("run of service '" + run.cell.name + "' is live already");
        }
        run.live = true;
        run.livePrevious = null;
        run.liveNext = first;
        if (first != null) {
            first.livePrevious = run;
        }
        first = run;
        size++;
        return true;
    }

    /** Takes a run out; @return false if it was not in the list (it ended already, or never began) */
    @Override
    public boolean remove(Object o) {
        if (!(o instanceof RunContext run) || !run.live) {
            return false;
        }
        RunContext previous = run.livePrevious;
        RunContext next = run.liveNext;
        if (previous == null) {
            first = next;
        } else {
            previous.liveNext = next;
        }
        if (next != null) {
            next.livePrevious = previous;
        }
        run.live = false;
        run.livePrevious = null;
        run.liveNext = null;
        size--;
        return true;
    }

    @Override
    public int size() {
        return size;
    }

    /** The runs, the one begun last first. */
    @Override
    public Iterator<RunContext> iterator() {
        return new Iterator<>() {
            private RunContext next = first;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RunContext next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                RunContext run = next;
                next = run.liveNext;
                return run;
            }
        };
    }
}
