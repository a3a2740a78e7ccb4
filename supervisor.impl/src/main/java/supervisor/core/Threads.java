package supervisor.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import supervisor.api.ThreadKind;

/**
 * The threads of a supervisor: daemon platform threads, or virtual ones (looked up at run time,
 * since the code is compiled for Java 17) for services that ask for them. Services' platform
 * threads come from the supervisor's {@link PlatformPool}; the factories here make the
 * supervisor's listener threads and a virtual thread for each run.
 */
final class Threads {

    private static final ThreadFactory PLATFORM = Threads::platformThread;
    private static volatile ThreadFactory virtual;

    private Threads() {
    }

    /** A factory for the given kind. */
    static ThreadFactory of(ThreadKind kind) {
        return kind == ThreadKind.VIRTUAL ? virtualFactory() : PLATFORM;
    }

    /** A factory of daemon platform threads named {@code prefix-1}, {@code prefix-2}, ... */
    static ThreadFactory platformNamed(String prefix) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = platformThread(task);
            thread.setName(prefix + "-" + count.incrementAndGet());
            return thread;
        };
    }

    /** The name of a service's thread: {@code <supervisor>/<service>}. */
    static String serviceThreadName(String supervisor, String service) {
        return supervisor + "/" + service;
    }

    private static Thread platformThread(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    }

    private static ThreadFactory virtualFactory() {
        ThreadFactory made = virtual;
        if (made != null) {
            return made;
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            made = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads are not available on Java "
                    + Runtime.version().feature() + "; use ThreadKind.PLATFORM", e);
        }
        virtual = made;
        return made;
    }
}
