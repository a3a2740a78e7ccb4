package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import supervisor.api.RefusedRegistration;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.ServiceDescription;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * Only what opted in runs: a registration is supervised only if it is registered as a
 * {@link Service} and a supervisor's filter selects it. Each test registers the ones that must not
 * run first and a matching one last (the whiteboard binds on the registering thread, in order), and
 * checks for a while that the others have no status under any supervisor, were never called and
 * have no thread, while the matching one runs on its {@code <supervisor>/<service>} thread.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OptInIT extends OsgiTestSupport {

    /** How long a registration that must not run is watched not running. */
    private static final Duration WATCHED = Duration.ofMillis(300);

    @Inject
    @Filter("(supervisor.name=default)")
    SupervisorRuntime defaultSupervisor;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return framework("optin");
    }

    @Test
    public void objectRegisteredUnderAnotherInterface_withSupervisorProperties_runsNowhere_evenIfItIsAService()
            throws Exception {
        // a Service object, with every property a supervised service could have, registered only as a Runnable
        Counting impostor = new Counting();
        registerAs(Runnable.class, impostor, SupervisorConstants.NAME, "impostor", SupervisorConstants.RESTART, "ALWAYS",
                SupervisorConstants.MIN_DELAY, "PT0.01S");
        // and one registered as a plain Object
        Counting plain = new Counting();
        registerAs(Object.class, plain, SupervisorConstants.NAME, "plain");
            Counting member = new Counting();
            register(member, SupervisorConstants.NAME, "member");

        waitUp().until(() -> isRunning(defaultSupervisor, "member") && member.runs.get() == 1);
        assertRunsNowhere(List.of(impostor, plain), List.of("impostor", "plain"));
        assertEquals(List.of("default/member"), ThreadDump.take()
                .namedFor("default", List.of("member", "impostor", "plain")).names());
        // not even refused: the supervisor was never offered them
        assertEquals(List.of(), defaultSupervisor.describe().refused().stream()
                .filter(r -> List.of("impostor", "plain").contains(r.name())).toList());
    }

    @Test
    public void serviceThatNoFilterOfANamedSupervisorSelects_runsNowhere_whileAMatchingOneRunsThere() throws Exception {
        Configuration picky = factorySupervisor("picky", "(supervisor.group=picky)");
        try {
            SupervisorRuntime supervisor = supervisor("picky");
            Counting outsider = new Counting();
            long outsiderId = id(register(outsider, SupervisorConstants.NAME, "outsider", SupervisorConstants.GROUP, "elsewhere"));
            Counting ungrouped = new Counting(); // the default supervisor's, not picky's
            register(ungrouped, SupervisorConstants.NAME, "ungrouped");
            Counting member = new Counting();
            register(member, SupervisorConstants.NAME, "member", SupervisorConstants.GROUP, "picky");

            waitUp().until(() -> isRunning(supervisor, "member") && member.runs.get() == 1
                    && isRunning(defaultSupervisor, "ungrouped"));
            assertRunsNowhere(List.of(outsider), List.of("outsider"));
            assertEquals(Optional.empty(), supervisor.status("ungrouped"));
            assertEquals(Optional.empty(), defaultSupervisor.status("member"));
            assertEquals(List.of("picky/member"), ThreadDump.take()
                    .namedFor("picky", List.of("member", "outsider", "ungrouped")).names());
            RefusedRegistration refused = supervisor.describe().refused().stream()
                    .filter(r -> r.serviceId() == outsiderId).findFirst().orElseThrow();
            assertEquals(RefusedRegistration.Cause.FILTER_MISMATCH, refused.cause());
            assertEquals("outsider", refused.name());
            assertEquals(List.of("member"), supervisor.describe().services().stream().map(ServiceDescription::name).toList());
        } finally {
            deleteSupervisor(picky);
        }
    }

    @Test
    public void serviceWhosePropertiesComeToMatch_runsThere_untilTheyNoLongerDo() throws Exception {
        Configuration picky = factorySupervisor("picky", "(supervisor.group=picky)");
        try {
            SupervisorRuntime supervisor = supervisor("picky");
            Probe changing = new Probe();
            ServiceRegistration<Service> registration = register(changing, SupervisorConstants.NAME, "changing",
                    SupervisorConstants.GROUP, "elsewhere");
            waitUp().during(WATCHED).until(() -> changing.runs() == 0 && supervisor.status("changing").isEmpty());

            registration.setProperties(dictionary(SupervisorConstants.NAME, "changing", SupervisorConstants.GROUP, "picky"));

            waitUp().until(() -> changing.thread() != null && isRunning(supervisor, "changing"));
            Thread thread = changing.thread();
            assertEquals("picky/changing", thread.getName());

            registration.setProperties(dictionary(SupervisorConstants.NAME, "changing", SupervisorConstants.GROUP, "other"));

            // the update stops it and waits for its thread before it returns
            assertFalse("its thread is still alive", thread.isAlive());
            assertEquals(Optional.empty(), supervisor.status("changing"));
            assertEquals(Optional.empty(), defaultSupervisor.status("changing"));
            assertEquals(1, changing.runs());
            assertTrue(ThreadDump.take().namedFor("picky", List.of("changing")).isEmpty());
        } finally {
            deleteSupervisor(picky);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /**
     * For {@link #WATCHED}: no supervisor has a status or description of any of the names, the
     * objects were never called, and no thread is named after them under any supervisor.
     */
    private void assertRunsNowhere(Collection<Counting> objects, Collection<String> names) throws Exception {
        List<SupervisorRuntime> supervisors = supervisors();
        waitUp().during(WATCHED).until(() -> {
            for (SupervisorRuntime supervisor : supervisors) {
                for (String name : names) {
                    if (supervisor.status(name).isPresent()
                            || supervisor.describe().services().stream().anyMatch(s -> s.name().equals(name))
                            || !ThreadDump.take().namedFor(supervisor.name(), names).isEmpty()) {
                        return false;
                    }
                }
            }
            return objects.stream().allMatch(object -> object.runs.get() == 0);
        });
    }

    /** Every registered supervisor. */
    private List<SupervisorRuntime> supervisors() throws Exception {
        List<SupervisorRuntime> all = new ArrayList<>();
        for (ServiceReference<SupervisorRuntime> reference : context.getServiceReferences(SupervisorRuntime.class, null)) {
            all.add(context.getService(reference));
        }
        assertTrue(all.toString(), all.size() >= 1);
        return all;
    }

    private Configuration factorySupervisor(String name, String target) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(SupervisorConstants.FACTORY_PID, name, "?");
        configuration.update(dictionary(SupervisorConstants.NAME, name, SupervisorConstants.SERVICES_TARGET, target));
        return configuration;
    }

    private static long id(ServiceRegistration<?> registration) {
        return (Long) registration.getReference().getProperty(Constants.SERVICE_ID);
    }

    /** A service (and a Runnable) that counts how often anything ran it, and then runs until cancelled. */
    static final class Counting implements Service, Runnable {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run(ServiceContext context) throws InterruptedException {
            runs.incrementAndGet();
            context.awaitCancellation();
        }

        @Override
        public void run() {
            runs.incrementAndGet();
        }
    }
}
