package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.condition.Condition;
import supervisor.api.Reason;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/**
 * The {@code supervisor:} commands in a real framework, run through Gogo's CommandProcessor as a
 * shell would run them: the list rows, manual control acting on the supervisor, the one-line
 * messages for bad input, and the descriptor text in {@code help}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends OsgiTestSupport {

    @Inject
    protected CommandProcessor processor;

    private SupervisorRuntime supervisor;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return framework("shell", shellAndConditionBundles());
    }

    @Before
    public void commandsRegistered() throws Exception {
        supervisor = supervisor(SupervisorConstants.DEFAULT_SUPERVISOR_NAME);
        waitUp().until(() -> context.getServiceReferences((String) null, "(osgi.command.scope=supervisor)") != null);
    }

    /** Runs one command line in a new session; its result, as Gogo hands it to a shell to print. */
    private String run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(line);
            return out.toString(StandardCharsets.UTF_8) + (result == null ? "" : result);
        } finally {
            session.close();
        }
    }

    private void registerRunning(String... names) {
        for (String name : names) {
            register(new Probe(), SupervisorConstants.NAME, name);
        }
        for (String name : names) {
            waitUp().until(() -> isRunning(supervisor, name));
        }
    }

    @Test
    public void list_runningServices_oneAlignedRowEach() throws Exception {
        registerRunning("shell-a", "shell-bb");

        String[] lines = run("supervisor:list -s default").split("\n");

        assertTrue(lines[0], lines[0].matches("SUPERVISOR  SERVICE   STATUS   RESTARTS  SINCE +NEXT RESTART  LAST ERROR"));
        assertTrue(lines[1], lines[1].matches("default     shell-a   RUNNING  0         \\d+m?s ago +-             -"));
        assertTrue(lines[2], lines[2].matches("default     shell-bb  RUNNING  0         \\d+m?s ago +-             -"));
        assertEquals(3, lines.length);
    }

    @Test
    public void list_absolute_writesIsoTimes() throws Exception {
        registerRunning("shell-a");

        String[] lines = run("supervisor:list -a -s default").split("\n");

        assertTrue(lines[1], lines[1].matches("default     shell-a  RUNNING  0         \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z  -             -"));
    }

    @Test
    public void stopStartRestart_actOnTheService() throws Exception {
        Probe probe = new Probe();
        register(probe, SupervisorConstants.NAME, "shell-c");
        waitUp().until(() -> isRunning(supervisor, "shell-c"));

        assertEquals("stopped 'shell-c' in supervisor 'default'; it stays stopped until supervisor:start shell-c\n",
                run("supervisor:stop shell-c"));
        StatusUpdate stopped = supervisor.status("shell-c").orElseThrow();
        assertEquals(Status.STOPPED, stopped.status());
        assertEquals(Reason.STOPPED_BY_REQUEST, stopped.reason());

        assertEquals("started 'shell-c' in supervisor 'default'\n", run("supervisor:start -s default shell-c"));
        waitUp().until(() -> isRunning(supervisor, "shell-c") && probe.runs() == 2);

        assertEquals("restarting 'shell-c' in supervisor 'default'\n", run("supervisor:restart shell-c"));
        waitUp().until(() -> isRunning(supervisor, "shell-c") && probe.runs() == 3);
        assertEquals(Reason.RESTARTED_BY_REQUEST, supervisor.status("shell-c").orElseThrow().reason());
    }

    @Test
    public void stop_unknownName_oneLineListingTheServices() throws Exception {
        registerRunning("shell-a", "shell-bb");

        assertEquals("supervisor:stop: no service named 'x' in any supervisor; services are [shell-a, shell-bb]",
                run("supervisor:stop x"));
    }

    @Test
    public void stop_unknownSupervisor_oneLineListingTheSupervisors() throws Exception {
        assertEquals("supervisor:stop: no supervisor named 'nope'; supervisors are [default]",
                run("supervisor:stop -s nope shell-a"));
    }

    @Test
    public void stop_missingName_oneLineWithUsage() throws Exception {
        assertEquals("supervisor:stop: missing the service name; usage: supervisor:stop [-s SUPERVISOR] NAME",
                run("supervisor:stop"));
    }

    @Test
    public void start_extraArgument_oneLineWithUsage() throws Exception {
        assertEquals("supervisor:start: expected one argument, the service name, got 2 [a, b]; usage:"
                + " supervisor:start [-s SUPERVISOR] NAME", run("supervisor:start a b"));
    }

    @Test
    public void badArguments_whileAServiceRuns_oneLineEach_andTheServiceKeepsItsRun() throws Exception {
        Probe probe = new Probe();
        register(probe, SupervisorConstants.NAME, "shell-steady");
        waitUp().until(() -> isRunning(supervisor, "shell-steady"));
        StatusUpdate before = supervisor.status("shell-steady").orElseThrow();

        assertEquals("supervisor:restart: expected one argument, the service name, got 2 [shell-steady, again]; usage:"
                + " supervisor:restart [-s SUPERVISOR] NAME", run("supervisor:restart shell-steady again"));
        assertEquals("supervisor:stop: unknown option '-x'; usage: supervisor:stop [-s SUPERVISOR] NAME",
                run("supervisor:stop -x shell-steady"));
        assertEquals("supervisor:restart: no supervisor named 'nope'; supervisors are [default]",
                run("supervisor:restart -s nope shell-steady"));
        assertEquals("supervisor:stop: no service named 'shell-stead' in any supervisor; services are [shell-steady]",
                run("supervisor:stop shell-stead"));
        assertEquals("supervisor:reset: no supervisor named 'nope'; supervisors are [default]",
                run("supervisor:reset nope"));
        assertEquals("supervisor:reset: expected one argument, the supervisor name, got 2 [default, more]; usage:"
                + " supervisor:reset SUPERVISOR", run("supervisor:reset default more"));

        assertEquals(before, supervisor.status("shell-steady").orElseThrow());
        assertEquals(1, probe.runs());
        assertEquals(0, supervisor.describe().services().stream().filter(s -> s.name().equals("shell-steady"))
                .findFirst().orElseThrow().restartCount());
    }

    @Test
    public void list_extraArgument_oneLineWithUsage() throws Exception {
        assertEquals("supervisor:list: takes no arguments, got [x]; usage: supervisor:list [-s SUPERVISOR] [-a]",
                run("supervisor:list x"));
    }

    @Test
    public void info_service_showsPolicyAndHistory() throws Exception {
        registerRunning("shell-a");

        String info = run("supervisor:info shell-a");

        assertTrue(info, info.startsWith("service 'shell-a' (id "));
        assertTrue(info, info.contains("\npolicy in force:\n  restart       ALWAYS\n"));
        assertTrue(info, info.matches("(?s).*\n  \\d+m?s ago  RUNNING \\(STARTED\\)\n"));
    }

    @Test
    public void refused_none_saysSo() throws Exception {
        assertEquals("supervisor 'default' refused no registration\n", run("supervisor:refused -s default"));
    }

    @Test
    public void reset_runningSupervisor_refusedInOneLine() throws Exception {
        assertEquals("supervisor:reset: supervisor 'default' has not ended (it is RUNNING); reset only starts again"
                + " a supervisor that escalated or ended", run("supervisor:reset default"));
    }

    @Test
    public void help_list_showsTheDescriptors() throws Exception {
        String help = run("help supervisor:list");

        assertTrue(help, help.startsWith("list - lists the supervised services: one row per service"));
        assertTrue(help, help.contains("-a, --absolute   ISO-8601 times (UTC) instead of relative ones"));
        assertTrue(help, help.contains("-s, --supervisor   only the supervisor with this name [optional]"));
    }

    @Test
    public void optionWithoutValue_isGogosOwnMessage() throws Exception {
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), System.out, System.err);
        try {
            session.execute("supervisor:stop ping -s");
            throw new AssertionError("Gogo ran supervisor:stop with -s missing its value");
        } catch (IllegalArgumentException expected) {
            assertEquals("Cannot coerce stop(Token, Token) to any of [(String, String[])]", expected.getMessage());
        } finally {
            session.close();
        }
    }

    @Test
    public void escalatedSupervisor_listShowsItEndedAndResetReappliesItsConfiguration() throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(SupervisorConstants.FACTORY_PID, "esc", "?");
        configuration.update(dictionary(SupervisorConstants.NAME, "esc",
                SupervisorConstants.SERVICES_TARGET, "(" + SupervisorConstants.GROUP + "=esc)"));
        try {
            SupervisorRuntime esc = supervisor("esc");
            Service failing = serviceContext -> {
                throw new IllegalStateException("always fails");
            };
            ServiceRegistration<Service> doomed = register(failing, SupervisorConstants.NAME, "doomed",
                    SupervisorConstants.GROUP, "esc",
                    SupervisorConstants.MIN_DELAY, "1", SupervisorConstants.MAX_DELAY, "1",
                    SupervisorConstants.MAX_RESTARTS, "1", SupervisorConstants.WINDOW, "PT1M",
                    SupervisorConstants.ESCALATE, "true");
            waitUp().until(() -> esc.describe().state() == SupervisorDescription.State.ENDED);

            String list = run("supervisor:list -s esc");
            String ended = list.substring(list.indexOf("supervisor 'esc' ENDED"));
            assertTrue(list, ended.startsWith("supervisor 'esc' ENDED (escalated: "));
            assertTrue(list, ended.endsWith("); supervisor:reset esc starts it again\n"));

            doomed.unregister();

            assertEquals("supervisor 'esc': configuration '" + configuration.getPid()
                    + "' re-applied; its adapter starts a new engine\n", run("supervisor:reset esc"));
            waitUp().until(() -> esc.describe().state() == SupervisorDescription.State.RUNNING);
            // the readiness listener, added through the API, carries over to the new engine
            waitUp().until(() -> !context.getServiceReferences(Condition.class,
                    "(" + Condition.CONDITION_ID + "=supervisor.ready.esc)").isEmpty());
            assertEquals("supervisor 'esc' RUNNING, no services\n", run("supervisor:list -s esc"));
        } finally {
            configuration.delete();
        }
        waitUp().until(() -> context.getServiceReferences(SupervisorRuntime.class, "(supervisor.name=esc)").isEmpty());
    }
}
