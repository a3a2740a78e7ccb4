package supervisor.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * A thread factory whose threads never start on their own: {@link Thread#start()} parks the thread's
 * task, and {@link #step(String)} runs the parked task of a service on the calling thread. So a model
 * checker sees every run of a service as an operation of its own. Threads are keyed by their name,
 * {@code <supervisor>/<service>}; a removed service and a new one of the same name may each have
 * one parked, so each name keeps its parked threads in the order they were started. Two runs of one
 * service at once show in the engine's events (a second IDLE before the first run's end) and in
 * {@link #enterBody}, which services call with an object of their own.
 */
final class ManualThreads implements ThreadFactory {

    private final Object lock = new Object(); // guards parked and inBody
    private final Map<String, java.util.ArrayDeque<Runnable>> parked = new HashMap<>(); // by thread name
    private final Map<Object, Integer> inBody = new java.util.IdentityHashMap<>();
    private int parkedCount;
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private long started;

    @Override
    public Thread newThread(Runnable task) {
        return new Thread() {
            @Override
            public synchronized void start() {
                String name = getName();
                synchronized (lock) {
                    started++;
                    parkedCount++;
                    parked.computeIfAbsent(name, n -> new java.util.ArrayDeque<>()).addLast(task);
                }
            }
        };
    }

    /** Marks entry into the code of the service {@code service} (one object per service); call from its body. */
    void enterBody(Object service) {
        synchronized (lock) {
            if (inBody.merge(service, 1, Integer::sum) > 1) {
                violations.add("two runs of " + service + " at once");
            }
        }
    }

    void exitBody(Object service) {
        synchronized (lock) {
            inBody.merge(service, -1, Integer::sum);
        }
    }

    /** Runs the parked thread of {@code thread} on this thread; false if none was parked. */
    boolean step(String thread) {
        Runnable task;
        synchronized (lock) {
            java.util.ArrayDeque<Runnable> queue = parked.get(thread);
            task = queue == null ? null : queue.pollFirst();
            if (task != null) {
                parkedCount--;
                if (queue.isEmpty()) {
                    parked.remove(thread);
                }
            }
        }
        if (task == null) {
            return false;
        }
        task.run();
        return true;
    }

    /** Runs parked threads until none is left (a run may start another); returns how many ran. */
    int runAll() {
        int ran = 0;
        while (true) {
            String next;
            synchronized (lock) {
                if (parked.isEmpty()) {
                    return ran;
                }
                next = parked.keySet().iterator().next();
            }
            if (step(next)) {
                ran++;
            }
        }
    }

    /** How many threads were started. */
    long started() {
        synchronized (lock) {
            return started;
        }
    }

    /** How many are parked. */
    int parked() {
        synchronized (lock) {
            return parkedCount;
        }
    }
}
