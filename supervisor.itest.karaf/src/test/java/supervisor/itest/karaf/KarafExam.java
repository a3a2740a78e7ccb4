package supervisor.itest.karaf;

import java.util.ArrayList;
import java.util.List;
import org.junit.AssumptionViolatedException;
import org.junit.Test;
import org.junit.runner.Description;
import org.junit.runner.Runner;
import org.junit.runner.manipulation.Filter;
import org.junit.runner.manipulation.Filterable;
import org.junit.runner.manipulation.NoTestsRemainException;
import org.junit.runner.manipulation.Sortable;
import org.junit.runner.manipulation.Sorter;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.FrameworkMethod;
import org.junit.runners.model.InitializationError;
import org.junit.runners.model.TestClass;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * The runner of the Karaf tests: Pax Exam's {@link PaxExam} runner on a JDK that Karaf 4.4 runs on
 * (below 24); on JDK 24 and later it starts no Karaf and reports every test as skipped by an
 * assumption that says why ({@link #SKIP_REASON}).
 *
 * <p>It has to be a runner: {@code PaxExam} reads {@code @Configuration} and starts Karaf in its
 * constructor, before any {@code @BeforeClass} or class rule could skip the class.
 * {@code -Dkaraf.itest.anyJdk=true} runs the tests on any JDK (to try a newer Karaf).
 */
public final class KarafExam extends Runner implements Filterable, Sortable {

    /** The first JDK on which Karaf 4.4's shell cannot work. */
    static final int FIRST_UNSUPPORTED_JDK = 24;

    /** Why the tests are skipped on JDK 24 and later. */
    static final String SKIP_REASON = "Karaf 4.4.x cannot run on JDK 24+ (this is JDK " + Runtime.version().feature()
            + "): every shell session fails with 'UnsupportedOperationException: getSubject is not supported' at"
            + " org.apache.karaf.shell.support.ShellUtil.getCurrentUserName (Subject.getSubject needs the"
            + " Security Manager, removed in JDK 24 by JEP 486). Run the Karaf tests on JDK 17 to 23.";

    private final Description description;
    /** Null when the tests are skipped. */
    private final Runner paxExam;
    /** The tests to report as skipped; empty when Pax Exam runs them. */
    private final List<Description> skipped = new ArrayList<>();

    public KarafExam(Class<?> testClass) throws InitializationError {
        if (Runtime.version().feature() < FIRST_UNSUPPORTED_JDK || Boolean.getBoolean("karaf.itest.anyJdk")) {
            paxExam = new PaxExam(testClass);
            description = null;
            return;
        }
        paxExam = null;
        description = Description.createSuiteDescription(testClass);
        for (FrameworkMethod method : new TestClass(testClass).getAnnotatedMethods(Test.class)) {
            skipped.add(Description.createTestDescription(testClass, method.getName()));
        }
    }

    @Override
    public Description getDescription() {
        if (paxExam != null) {
            return paxExam.getDescription();
        }
        Description suite = description.childlessCopy();
        skipped.forEach(suite::addChild);
        return suite;
    }

    @Override
    public void run(RunNotifier notifier) {
        if (paxExam != null) {
            paxExam.run(notifier);
            return;
        }
        System.err.println("SKIPPED " + description.getDisplayName() + ": " + SKIP_REASON);
        for (Description test : skipped) {
            notifier.fireTestStarted(test);
            notifier.fireTestAssumptionFailed(new Failure(test, new AssumptionViolatedException(SKIP_REASON)));
            notifier.fireTestFinished(test);
        }
    }

    @Override
    public void filter(Filter filter) throws NoTestsRemainException {
        if (paxExam != null) {
            ((Filterable) paxExam).filter(filter);
            return;
        }
        skipped.removeIf(test -> !filter.shouldRun(test));
        if (skipped.isEmpty()) {
            throw new NoTestsRemainException();
        }
    }

    @Override
    public void sort(Sorter sorter) {
        if (paxExam != null) {
            ((Sortable) paxExam).sort(sorter);
        }
    }
}
