package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceNamesTest {

    private static final Set<String> NONE = Set.of();

    @Test
    void choose_supervisorName_comesFirst() {
        ServiceNames.Choice choice = ServiceNames.choose(
                Map.of("supervisor.name", "poller", "component.name", "com.example.Poller"), 5, Object.class, NONE::contains);

        assertThat(choice.name()).isEqualTo("poller");
        assertThat(choice.notes()).isEmpty();
    }

    @Test
    void choose_withoutSupervisorName_takesTheComponentName() {
        ServiceNames.Choice choice = ServiceNames.choose(Map.of("component.name", "com.example.Poller"), 5,
                Object.class, NONE::contains);

        assertThat(choice.name()).isEqualTo("com.example.Poller");
    }

    @Test
    void choose_withoutEither_takesTheClassName() {
        ServiceNames.Choice choice = ServiceNames.choose(Map.of(), 5, ServiceNamesTest.class, NONE::contains);

        assertThat(choice.name()).isEqualTo("supervisor.osgi.ServiceNamesTest");
    }

    @Test
    void choose_invalidSupervisorName_fallsBackWithANote() {
        ServiceNames.Choice choice = ServiceNames.choose(
                Map.of("supervisor.name", " ", "component.name", "c"), 5, Object.class, NONE::contains);

        assertThat(choice.name()).isEqualTo("c");
        assertThat(choice.notes()).singleElement().asString()
                .isEqualTo("ignored service property supervisor.name = ' ' is invalid (service name must not be empty or"
                        + " blank, was ' '); expected a String: not blank, at most 200 characters, no control characters");
    }

    @Test
    void choose_nonStringSupervisorName_fallsBackWithANote() {
        ServiceNames.Choice choice = ServiceNames.choose(Map.of("supervisor.name", 42), 5, Object.class, NONE::contains);

        assertThat(choice.name()).isEqualTo("java.lang.Object");
        assertThat(choice.notes()).containsExactly("ignored service property supervisor.name = 42 (Integer) is invalid"
                + " (not a String); expected a String: not blank, at most 200 characters, no control characters");
    }

    @Test
    void choose_takenName_getsTheServiceIdAppended() {
        ServiceNames.Choice choice = ServiceNames.choose(Map.of("supervisor.name", "twin"), 42, Object.class,
                Set.of("twin")::contains);

        assertThat(choice.name()).isEqualTo("twin#42");
        assertThat(choice.notes()).containsExactly(
                "a service named 'twin' is already supervised, so service.id 42 runs as 'twin#42'");
    }

    @Test
    void choose_takenLongName_staysWithinTheLengthLimit() {
        String longName = "x".repeat(200);
        ServiceNames.Choice choice = ServiceNames.choose(Map.of("supervisor.name", longName), 42, Object.class,
                Set.of(longName)::contains);

        assertThat(choice.name()).hasSize(200).endsWith("xx#42");
    }
}
