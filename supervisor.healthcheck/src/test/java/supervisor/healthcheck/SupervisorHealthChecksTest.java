package supervisor.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Dictionary;
import org.junit.jupiter.api.Test;

class SupervisorHealthChecksTest {

    @Test
    void checkProperties_aSupervisorName_nameTwoTagsAndTheSupervisorName() {
        Dictionary<String, Object> properties = SupervisorHealthChecks.checkProperties("orders");

        assertThat(Collections.list(properties.keys())).containsExactlyInAnyOrder("hc.name", "hc.tags",
                "supervisor.name");
        assertThat(properties.get("hc.name")).isEqualTo("supervisor orders");
        assertThat((String[]) properties.get("hc.tags")).containsExactly("supervisor", "supervisor.orders");
        assertThat(properties.get("supervisor.name")).isEqualTo("orders");
    }
}
