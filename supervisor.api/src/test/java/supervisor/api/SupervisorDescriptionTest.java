package supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisorDescriptionTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final SupervisorDescription.Settings SETTINGS = new SupervisorDescription.Settings(
            Duration.ofSeconds(1), Duration.ofSeconds(10), 1024, 10, ThreadKind.PLATFORM, Policy.INHERIT);
    private static final ServiceDescription DB = new ServiceDescription(0, "db", Status.RUNNING, Reason.STARTED, T, 0,
            null, null, false, Policy.INHERIT);
    private static final RefusedRegistration REFUSED = new RefusedRegistration(42, Service.class.getName(), "db",
            "example.bundle [7]", RefusedRegistration.Cause.RENAMED, "name 'db' taken: runs as 'db-2'");

    private static SupervisorDescription describe(List<ServiceDescription> services, List<RefusedRegistration> refused) {
        return new SupervisorDescription("sup", T, SupervisorDescription.State.RUNNING, null, SETTINGS, services, refused);
    }

    @Test
    void constructor_copiesTheServices() {
        List<ServiceDescription> services = new ArrayList<>(List.of(DB));
        SupervisorDescription description = describe(services, List.of());
        services.clear();
        assertThat(description.services()).containsExactly(DB);
    }

    @Test
    void constructor_copiesTheRefusedRegistrations() {
        List<RefusedRegistration> refused = new ArrayList<>(List.of(REFUSED));
        SupervisorDescription description = describe(List.of(), refused);
        refused.clear();
        assertThat(description.refused()).containsExactly(REFUSED);
    }

    @Test
    void services_areUnmodifiable() {
        SupervisorDescription description = describe(new ArrayList<>(List.of(DB)), List.of());
        assertThatThrownBy(() -> description.services().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withRefused_replacesOnlyTheRefusedRegistrations() {
        SupervisorDescription description = describe(List.of(DB), List.of());
        assertThat(description.withRefused(List.of(REFUSED))).isEqualTo(describe(List.of(DB), List.of(REFUSED)));
    }

    @Test
    void withRefused_copiesTheList() {
        List<RefusedRegistration> refused = new ArrayList<>(List.of(REFUSED));
        SupervisorDescription description = describe(List.of(DB), List.of()).withRefused(refused);
        refused.clear();
        assertThat(description.refused()).containsExactly(REFUSED);
    }

    @Test
    void withRefused_null_isRejected() {
        SupervisorDescription description = describe(List.of(DB), List.of());
        assertThatThrownBy(() -> description.withRefused(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void escalated_withoutEscalation_isFalse() {
        assertThat(describe(List.of(), List.of()).escalated()).isFalse();
    }

    @Test
    void escalated_withEscalation_isTrue() {
        SupervisorDescription description = new SupervisorDescription("sup", T, SupervisorDescription.State.ENDED,
                "db gave up", SETTINGS, List.of(), List.of());
        assertThat(description.escalated()).isTrue();
    }

    @Test
    void constructor_withoutName_isRejected() {
        assertThatThrownBy(() -> new SupervisorDescription(null, T, SupervisorDescription.State.NEW, null, SETTINGS,
                List.of(), List.of())).isInstanceOf(NullPointerException.class).hasMessage("name");
    }

    @Test
    void settings_withoutThreadKind_isRejected() {
        assertThatThrownBy(() -> new SupervisorDescription.Settings(Duration.ofSeconds(1), Duration.ofSeconds(10), 1024,
                10, null, Policy.INHERIT)).isInstanceOf(NullPointerException.class).hasMessage("threadKind");
    }

    @Test
    void serviceDescription_beforeTheStart_mayHaveNoStatus() {
        ServiceDescription idle = new ServiceDescription(0, "db", null, null, null, 0, null, null, false, Policy.INHERIT);
        assertThat(idle.status()).isNull();
    }

    @Test
    void refusedRegistration_withoutCause_isRejected() {
        assertThatThrownBy(() -> new RefusedRegistration(1, "t", null, "b [1]", null, "why"))
                .isInstanceOf(NullPointerException.class).hasMessage("cause");
    }
}
