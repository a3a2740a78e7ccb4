package supervisor.itest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * A thread dump of the JVM the framework runs in ({@link Thread#getAllStackTraces()}: platform
 * threads only), and the questions the fault and load tests ask of it: which live threads carry a
 * supervisor's service name ({@code <supervisor>/<service>}), and which have a frame of some code.
 */
final class ThreadDump {

    private final Map<Thread, StackTraceElement[]> threads;

    private ThreadDump(Map<Thread, StackTraceElement[]> threads) {
        this.threads = threads;
    }

    /** The live threads now, with their stacks. */
    static ThreadDump take() {
        Map<Thread, StackTraceElement[]> live = new LinkedHashMap<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.isAlive()) {
                live.put(thread, stack);
            }
        });
        return new ThreadDump(live);
    }

    /** The threads of this dump that match. */
    ThreadDump filter(BiPredicate<Thread, StackTraceElement[]> matching) {
        Map<Thread, StackTraceElement[]> kept = new LinkedHashMap<>();
        threads.forEach((thread, stack) -> {
            if (matching.test(thread, stack)) {
                kept.put(thread, stack);
            }
        });
        return new ThreadDump(kept);
    }

    /** The threads with at least one frame of a class whose name starts with {@code prefix}. */
    ThreadDump runningCodeOf(String prefix) {
        return filter((thread, stack) -> Arrays.stream(stack).anyMatch(frame -> frame.getClassName().startsWith(prefix)));
    }

    /** The threads named {@code <supervisor>/<service>} for one of {@code services}. */
    ThreadDump namedFor(String supervisor, java.util.Collection<String> services) {
        java.util.Set<String> names = services.stream().map(service -> supervisor + "/" + service)
                .collect(Collectors.toSet());
        return filter((thread, stack) -> names.contains(thread.getName()));
    }

    /** The names of the threads, in dump order (a name may repeat). */
    List<String> names() {
        return threads.keySet().stream().map(Thread::getName).toList();
    }

    List<Thread> threads() {
        return List.copyOf(threads.keySet());
    }

    boolean isEmpty() {
        return threads.isEmpty();
    }

    int size() {
        return threads.size();
    }

    /** Each thread with its name, state and top frames: what an assertion message shows. */
    @Override
    public String toString() {
        return threads.entrySet().stream()
                .map(entry -> "\"" + entry.getKey().getName() + "\" " + entry.getKey().getState()
                        + Arrays.stream(entry.getValue()).limit(12).map(frame -> "\n\tat " + frame).collect(Collectors.joining()))
                .collect(Collectors.joining("\n", "[", "]"));
    }
}
