package supervisor.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import supervisor.api.ThreadKind;

/** Chooses service threads: virtual ones where the JVM has them (found at run time), else daemon platform threads. */
final class Threads {

    private Threads() {
    }

    /** A factory for the given kind; {@link ThreadKind#AUTO} picks virtual threads on Java 21 and later. */
    static ThreadFactory of(ThreadKind kind) {
        return kind == ThreadKind.VIRTUAL ? virtualFactory() : Threads::platformThread;
    }

    /** A factory whose threads are named {@code prefix-1}, {@code prefix-2}, ... */
    static ThreadFactory named(ThreadFactory factory, String prefix) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = factory.newThread(task);
            thread.setName(prefix + "-" + count.incrementAndGet());
            return thread;
        };
    }

    private static Thread platformThread(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    }

    private static ThreadFactory virtualFactory() {
        // Compiled for Java 17, so Thread.ofVirtual() is looked up when the JVM has it.
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads are not available on Java "
                    + Runtime.version().feature() + "; use ThreadKind.PLATFORM", e);
        }
    }
}
