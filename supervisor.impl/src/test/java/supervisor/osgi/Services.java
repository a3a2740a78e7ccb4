package supervisor.osgi;

import java.util.concurrent.CountDownLatch;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/** Small services for the whiteboard tests: they record their thread; one ignores cancellation until released. */
final class Services {

    private Services() {
    }

    /** Runs until cancelled. */
    static final class Polite implements Service {
        volatile Thread thread;
        volatile boolean returned;
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public void run(ServiceContext context) throws InterruptedException {
            thread = Thread.currentThread();
            started.countDown();
            try {
                context.awaitCancellation();
            } finally {
                returned = true;
            }
        }
    }

    /** Ignores cancellation (and interrupts) until {@link #release} is counted down. */
    static final class Stubborn implements Service {
        volatile Thread thread;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void run(ServiceContext context) {
            thread = Thread.currentThread();
            started.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // stubborn: keeps running
                }
            }
        }
    }
}
