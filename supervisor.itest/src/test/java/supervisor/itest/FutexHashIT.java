package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import supervisor.api.SupervisorConstants;

/**
 * supervisor.futexHashSlots in Felix: a supervisor created while it is set asks the kernel from
 * inside its bundle, and logs the outcome through the OSGi Log Service. The property is set only
 * for this test (the framework runs in the test's JVM), so other tests never see it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FutexHashIT extends OsgiTestSupport {

    private static final String PROPERTY = "supervisor.futexHashSlots";

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return framework("futex");
    }

    @Test
    public void aSupervisorCreatedWithThePropertySet_sizesTheHashOrLogsWhyItCannot() throws Exception {
        System.setProperty(PROPERTY, "4096");
        Configuration configuration = configAdmin.getFactoryConfiguration(SupervisorConstants.FACTORY_PID, "futex", "?");
        try {
            configuration.update(dictionary(SupervisorConstants.NAME, "futex"));
            supervisor("futex");
            waitUp().until(() -> !outcome().isEmpty());

            List<LogEntry> outcome = outcome();
            assertEquals(outcome.toString(), 1, outcome.size());
            LogEntry entry = outcome.get(0);
            String message = entry.getMessage();
            assertTrue(message, message.startsWith("supervisor 'futex': "));
            if (Runtime.version().feature() < 22) { // this JVM was not started with --add-modules jdk.incubator.foreign
                assertEquals(LogLevel.WARN, entry.getLogLevel());
                assertTrue(message, message.endsWith(PROPERTY + " = 4096 not applied: calling the kernel needs Java 22"
                        + " or later (java.lang.foreign), or Java 17 started with --add-modules jdk.incubator.foreign;"
                        + " this is Java " + Runtime.version().feature()));
            } else {
                assertEquals(message, LogLevel.INFO, entry.getLogLevel());
                assertTrue(message, message.contains("the futex hash of this process now has 4096 slots")
                        || message.contains("the futex hash of this process has 4096 slots already")
                        || message.contains("this kernel has no futex hash per process")); // a kernel older than 6.16
            }
        } finally {
            System.clearProperty(PROPERTY);
            deleteSupervisor(configuration);
        }
    }

    /** What the supervisor logged about the property. */
    private List<LogEntry> outcome() {
        return logged.stream().filter(e -> e.getMessage().contains(PROPERTY)
                && e.getBundle().getSymbolicName().equals("supervisor.impl")).toList();
    }
}
