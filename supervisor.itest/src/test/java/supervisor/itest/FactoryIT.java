package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorRuntime;
import supervisor.api.SupervisorConstants;
import supervisor.itest.bundles.pingpong.Table;

/** Factory configurations: more supervisors side by side, each with its own services; and ping/pong. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FactoryIT extends OsgiTestSupport {

    @Inject
    @Filter("(supervisor.name=default)")
    SupervisorRuntime defaultSupervisor;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return framework("factory", fixturesBundle());
    }

    private Configuration factorySupervisor(String name, Object... keyValues) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(SupervisorConstants.FACTORY_PID, name, "?");
        Object[] all = new Object[keyValues.length + 2];
        all[0] = SupervisorConstants.NAME;
        all[1] = name;
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        configuration.update(dictionary(all));
        return configuration;
    }

    @Test
    public void factorySupervisorsWithDisjointFilters_eachRunOnlyTheirGroup() throws Exception {
        Configuration fastConfig = factorySupervisor("fast", SupervisorConstants.SERVICES_TARGET, "(supervisor.group=fast)");
        Configuration slowConfig = factorySupervisor("slow", SupervisorConstants.SERVICES_TARGET, "(supervisor.group=slow)",
                SupervisorConstants.RESTART_INTERVAL, "5000");
        try {
            SupervisorRuntime fast = supervisor("fast");
            SupervisorRuntime slow = supervisor("slow");
            register(new Probe(), SupervisorConstants.NAME, "a", SupervisorConstants.GROUP, "fast");
            register(new Probe(), SupervisorConstants.NAME, "b", SupervisorConstants.GROUP, "slow");
            register(new Probe(), SupervisorConstants.NAME, "c");

            waitUp().until(() -> isRunning(fast, "a") && isRunning(slow, "b") && isRunning(defaultSupervisor, "c"));
            assertEquals(List.of("a"), names(fast.statuses()));
            assertEquals(List.of("b"), names(slow.statuses()));
            List<String> byDefault = names(defaultSupervisor.statuses());
            assertTrue(byDefault.toString(), byDefault.contains("c") && !byDefault.contains("a") && !byDefault.contains("b"));
        } finally {
            deleteSupervisor(fastConfig);
            deleteSupervisor(slowConfig);
        }
    }

    @Test
    public void overlappingFilters_neverRunAServiceUnderTwoSupervisors() throws Exception {
        Configuration fastConfig = factorySupervisor("fast", SupervisorConstants.SERVICES_TARGET, "(supervisor.group=fast)");
        Configuration anyConfig = null;
        try {
            SupervisorRuntime fast = supervisor("fast");
            ServiceRegistration<Service> a = register(new Probe(), SupervisorConstants.NAME, "a", SupervisorConstants.GROUP, "fast");
            long id = (Long) a.getReference().getProperty(Constants.SERVICE_ID);
            waitUp().until(() -> isRunning(fast, "a"));
            StatusUpdate before = fast.status("a").orElseThrow();

            anyConfig = factorySupervisor("any", SupervisorConstants.SERVICES_TARGET,
                    "(|(supervisor.group=fast)(supervisor.group=other))");
            SupervisorRuntime any = supervisor("any");

            LogEntry refused = awaitLog(e -> e.getMessage().startsWith("supervisor 'any' does not run"));
            assertEquals(LogLevel.WARN, refused.getLogLevel());
            assertEquals("supervisor 'any' does not run service.id " + id + " ('a' from bundle "
                    + context.getBundle().getSymbolicName() + " [" + context.getBundle().getBundleId()
                    + "]): supervisor 'fast' runs it already; a service never runs under two supervisors",
                    refused.getMessage());
            assertEquals(List.of(), any.statuses());
            assertEquals(before, fast.status("a").orElseThrow());

            register(new Probe(), SupervisorConstants.NAME, "b", SupervisorConstants.GROUP, "other");
            waitUp().until(() -> isRunning(any, "b"));
            assertEquals(List.of("b"), names(any.statuses()));
            assertEquals(List.of("a"), names(fast.statuses()));
        } finally {
            deleteSupervisor(fastConfig);
            if (anyConfig != null) {
                deleteSupervisor(anyConfig);
            }
        }
    }

    /**
     * The Go original's ping/pong example: Ping and Pong are DS components of the test bundle that
     * share a Table, run by a supervisor of their own. In the original, ping cancels the context
     * when the game is over, which stops the supervisor; here the game's end completes
     * {@link Table#gameOver()}, and the test then stops the game's supervisor by deleting its
     * configuration.
     */
    @Test
    public void pingPong_printsExactlyTheOriginalsOutput() throws Exception {
        Configuration game = factorySupervisor("pingpong", SupervisorConstants.SERVICES_TARGET, "(supervisor.group=pingpong)",
                SupervisorConstants.RESTART_INTERVAL, "PT0.05S");
        Bundle fixtures = installed("supervisor.itest.bundles");
        try {
            SupervisorRuntime supervisor = supervisor("pingpong");
            Table table = service(Table.class, null);

            String output = table.gameOver().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

            assertEquals("ping\npong\nping\npong\n", output);
            deleteSupervisor(game);
            awaitLog(e -> e.getMessage().equals("supervisor 'pingpong' stopped"));
            // the supervisor ended: its last statuses stay readable through the runtime view it was
            assertEquals(List.of("ping STOPPED", "pong STOPPED"), supervisor.statuses().stream()
                    .map(u -> u.serviceName() + " " + u.status()).sorted().toList());
            assertEquals(List.of(), logged.stream().filter(e -> e.getMessage().contains("did not stop")).toList());
            // the worker of the same bundle runs under the default supervisor, never ping or pong
            assertEquals(List.of(), names(defaultSupervisor.statuses()).stream().filter(n -> n.startsWith("p")).toList());
        } finally {
            fixtures.stop();
            if (game != null) {
                try {
                    deleteSupervisor(game);
                } catch (IllegalStateException alreadyDeleted) {
                    // deleted by the test
                }
            }
        }
    }
}
