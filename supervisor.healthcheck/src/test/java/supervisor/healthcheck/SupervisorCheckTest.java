package supervisor.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;
import supervisor.api.ThreadKind;

class SupervisorCheckTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A supervisor that only describes itself: the description it is given, or a throw. */
    private static final class DescribedRuntime implements SupervisorRuntime {
        volatile SupervisorDescription description;

        @Override
        public SupervisorDescription describe() {
            if (description == null) {
                throw new IllegalStateException("secret");
            }
            return description;
        }

        @Override
        public String name() {
            return "main";
        }

        @Override
        public List<StatusUpdate> statuses() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StatusUpdate> status(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<StatusUpdate> history(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Policy policy(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean stop(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean start(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restart(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addListener(StatusListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean removeListener(StatusListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private static SupervisorDescription withGaveUp() {
        StatusUpdate failure = new StatusUpdate(1, "a", T0, Status.GAVE_UP, Reason.GAVE_UP,
                new IllegalStateException("secret"), 0, null, null);
        ServiceDescription service = new ServiceDescription(1, "a", Status.GAVE_UP, Reason.GAVE_UP, T0, 0, null,
                failure, false, Policy.INHERIT);
        return new SupervisorDescription("main", T0, SupervisorDescription.State.RUNNING, null,
                new SupervisorDescription.Settings(Duration.ofSeconds(1), Duration.ofSeconds(5), 1000, 20,
                        ThreadKind.PLATFORM, Policy.INHERIT),
                List.of(service), List.of());
    }

    private static List<String> entries(Result result) {
        List<String> entries = new java.util.ArrayList<>();
        for (ResultLog.Entry entry : result) {
            entries.add(entry.getStatus() + " " + entry.getMessage() + " " + entry.getException());
        }
        return entries;
    }

    @Test
    void execute_gaveUp_criticalWithOneEntryPerLineAndNoException() {
        DescribedRuntime runtime = new DescribedRuntime();
        runtime.description = withGaveUp();

        Result result = new SupervisorCheck(runtime, () -> false).execute();

        assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(entries(result)).containsExactly(
                "CRITICAL service 'a' #1: GAVE_UP (GAVE_UP), java.lang.IllegalStateException null",
                "CRITICAL supervisor 'main' RUNNING: 1 service, 1 gave up null");
    }

    @Test
    void execute_showErrorsSwitchedOn_nextExecutionShowsTheMessage() {
        DescribedRuntime runtime = new DescribedRuntime();
        runtime.description = withGaveUp();
        AtomicBoolean showErrors = new AtomicBoolean();
        SupervisorCheck check = new SupervisorCheck(runtime, showErrors::get);

        showErrors.set(true);

        assertThat(entries(check.execute())).first()
                .isEqualTo("CRITICAL service 'a' #1: GAVE_UP (GAVE_UP), java.lang.IllegalStateException: secret null");
    }

    @Test
    void execute_describeThrows_healthCheckErrorNamingTheClassOnly() {
        Result result = new SupervisorCheck(new DescribedRuntime(), () -> true).execute();

        assertThat(result.getStatus()).isEqualTo(Result.Status.HEALTH_CHECK_ERROR);
        assertThat(entries(result)).containsExactly("HEALTH_CHECK_ERROR the supervisor could not be described: "
                + "java.lang.IllegalStateException null");
    }

    @Test
    void status_eachLevel_itsFelixStatus() {
        assertThat(List.of(Level.values())).extracting(SupervisorCheck::status)
                .containsExactly(Result.Status.OK, Result.Status.WARN, Result.Status.CRITICAL);
    }
}
