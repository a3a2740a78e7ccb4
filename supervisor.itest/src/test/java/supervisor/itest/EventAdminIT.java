package supervisor.itest;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.Status;
import supervisor.api.StatusTopics;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/** supervisor.eventadmin with Felix EventAdmin: a handler on supervisor/status/* hears a service's changes. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventAdminIT extends OsgiTestSupport {

    @Configuration
    public Option[] config() {
        return framework("eventadmin", eventAdminBundles());
    }

    /** Fails its first run with an IOException; later runs wait for cancellation. */
    static final class FailsOnce implements Service {
        private final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run(ServiceContext context) throws Exception {
            if (runs.incrementAndGet() == 1) {
                throw new IOException("disk on fire");
            }
            context.awaitCancellation();
        }
    }

    /** The properties an event must have for an update of the default supervisor, as docs/events.md lists them. */
    private static Map<String, Object> expected(String topic, StatusUpdate update) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventConstants.EVENT_TOPIC, topic);
        properties.put(StatusTopics.SUPERVISOR, SupervisorConstants.DEFAULT_SUPERVISOR_NAME);
        properties.put(StatusTopics.SERVICE_NAME, update.serviceName());
        properties.put(StatusTopics.SERVICE_ID, update.serviceId());
        properties.put(StatusTopics.STATUS, update.status().name());
        properties.put(StatusTopics.REASON, update.reason().name());
        properties.put(StatusTopics.TIMESTAMP, update.time().toEpochMilli());
        properties.put(StatusTopics.RESTART_COUNT, update.restartCount());
        if (update.detail() != null) {
            properties.put(StatusTopics.DETAIL, update.detail());
        }
        if (update.nextRestart() != null) {
            properties.put(StatusTopics.NEXT_RESTART, update.nextRestart().toEpochMilli());
        }
        if (update.error() != null) {
            properties.put(StatusTopics.ERROR_CLASS, update.error().getClass().getName());
            properties.put(StatusTopics.ERROR_MESSAGE, update.error().getMessage());
        }
        return properties;
    }

    private static Map<String, Object> properties(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        return properties;
    }

    @Test
    public void failingService_handlerOnAllStatusTopics_receivesRunningThenErrorWithExactProperties() throws Exception {
        List<Event> received = new CopyOnWriteArrayList<>();
        registerAs(EventHandler.class, received::add,
                EventConstants.EVENT_TOPIC, StatusTopics.ALL,
                EventConstants.EVENT_FILTER, "(" + StatusTopics.SERVICE_NAME + "=fails-once)");
        SupervisorRuntime supervisor = service(SupervisorRuntime.class,
                "(" + SupervisorConstants.NAME + "=" + SupervisorConstants.DEFAULT_SUPERVISOR_NAME + ")");

        register(new FailsOnce(), SupervisorConstants.NAME, "fails-once");
        waitUp().until(() -> received.stream().anyMatch(event -> event.getTopic().equals(StatusTopics.ERROR)));

        List<StatusUpdate> history = supervisor.history("fails-once");
        StatusUpdate running = history.stream().filter(update -> update.status() == Status.RUNNING).findFirst().orElseThrow();
        StatusUpdate error = history.stream().filter(update -> update.status() == Status.ERROR).findFirst().orElseThrow();
        List<Event> runningOrError = received.stream()
                .filter(event -> event.getTopic().equals(StatusTopics.RUNNING) || event.getTopic().equals(StatusTopics.ERROR))
                .toList();
        assertEquals(List.of(StatusTopics.RUNNING, StatusTopics.ERROR), runningOrError.stream().map(Event::getTopic).toList());
        assertEquals(expected(StatusTopics.RUNNING, running), properties(runningOrError.get(0)));
        assertEquals(expected(StatusTopics.ERROR, error), properties(runningOrError.get(1)));
        assertEquals("java.io.IOException", runningOrError.get(1).getProperty(StatusTopics.ERROR_CLASS));
        assertEquals("disk on fire", runningOrError.get(1).getProperty(StatusTopics.ERROR_MESSAGE));
    }

    @Test
    public void handlerOnOneStatusTopic_receivesOnlyThatStatus() throws Exception {
        List<Event> received = new CopyOnWriteArrayList<>();
        registerAs(EventHandler.class, received::add,
                EventConstants.EVENT_TOPIC, StatusTopics.RUNNING,
                EventConstants.EVENT_FILTER, "(" + StatusTopics.SERVICE_NAME + "=steady)");

        register(new Probe(), SupervisorConstants.NAME, "steady");
        waitUp().until(() -> !received.isEmpty());

        assertEquals(List.of(StatusTopics.RUNNING), received.stream().map(Event::getTopic).toList());
        assertEquals("RUNNING", received.get(0).getProperty(StatusTopics.STATUS));
        assertEquals("STARTED", received.get(0).getProperty(StatusTopics.REASON));
    }
}
