package supervisor.itest.karaf;

import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import supervisor.api.StatusTopics;

/**
 * Records the RUNNING events of one service, as feature supervisor-eventadmin posts them. The test
 * class names no EventAdmin type, and neither does this class's own type (the handler is
 * {@link Recorder}): the JVM may load this class while it verifies the test class, before the test
 * has installed EventAdmin, and the probe's dynamic import of org.osgi.service.event is wired only
 * once it is there.
 */
final class StatusEvents implements AutoCloseable {

    /** Every restart count the service's RUNNING events carried, in arrival order. */
    private final List<Integer> restartCounts = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<?> registration;

    private StatusEvents(BundleContext context, String service) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, StatusTopics.RUNNING);
        properties.put(EventConstants.EVENT_FILTER, "(" + StatusTopics.SERVICE_NAME + "=" + service + ")");
        registration = context.registerService(EventHandler.class, new Recorder(restartCounts), properties);
    }

    /** The EventAdmin handler: adds each event's restart count to the list. */
    private static final class Recorder implements EventHandler {

        private final List<Integer> restartCounts;

        Recorder(List<Integer> restartCounts) {
            this.restartCounts = restartCounts;
        }

        @Override
        public void handleEvent(Event event) {
            restartCounts.add(((Number) event.getProperty(StatusTopics.RESTART_COUNT)).intValue());
        }
    }

    /** Starts recording the RUNNING events of that service. */
    static StatusEvents running(BundleContext context, String service) {
        return new StatusEvents(context, service);
    }

    boolean received(int restartCount) {
        return restartCounts.contains(restartCount);
    }

    @Override
    public String toString() {
        return "RUNNING events with restart counts " + restartCounts;
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
