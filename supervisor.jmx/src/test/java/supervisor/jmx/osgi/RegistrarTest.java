package supervisor.jmx.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import supervisor.jmx.FakeRuntime;
import supervisor.jmx.SupervisorJmx;

class RegistrarTest {

    /** A fresh server per test, referenced by nothing else (newMBeanServer keeps no reference to it). */
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Registrar registrar = new Registrar(supervisor -> SupervisorJmx.register(supervisor, server));
    private final FakeRuntime first = new FakeRuntime("default");
    private final FakeRuntime second = new FakeRuntime("fast");

    private boolean registered(String name) {
        return server.isRegistered(SupervisorJmx.objectName(name));
    }

    @Test
    void add_enabled_registersTheSupervisor() {
        registrar.enable(true);

        registrar.add(first);

        assertThat(registered("default")).isTrue();
    }

    @Test
    void add_disabled_registersNothing() throws Exception {
        registrar.enable(false);

        registrar.add(first);

        assertThat(server.queryNames(new ObjectName("supervisor:*"), null)).isEmpty();
    }

    @Test
    void enable_false_unregistersEverySupervisor() throws Exception {
        registrar.enable(true);
        registrar.add(first);
        registrar.add(second);

        registrar.enable(false);

        assertThat(server.queryNames(new ObjectName("supervisor:*"), null)).isEmpty();
        assertThat(registrar.registeredCount()).isZero();
    }

    @Test
    void enable_trueAfterFalse_registersTheKnownSupervisorsAgain() {
        registrar.enable(false);
        registrar.add(first);
        registrar.add(second);

        registrar.enable(true);

        assertThat(registered("default")).isTrue();
        assertThat(registered("fast")).isTrue();
    }

    @Test
    void enable_trueTwice_keepsOneRegistrationEach() {
        registrar.enable(true);
        registrar.add(first);

        registrar.enable(true);

        assertThat(registrar.registeredCount()).isEqualTo(1);
        assertThat(registered("default")).isTrue();
    }

    @Test
    void remove_registered_unregistersIt() {
        registrar.enable(true);
        registrar.add(first);
        registrar.add(second);

        registrar.remove(first);

        assertThat(registered("default")).isFalse();
        assertThat(registered("fast")).isTrue();
    }

    @Test
    void add_secondSupervisorOfTheSameName_keepsTheFirstAndSkipsTheSecond() {
        registrar.enable(true);
        registrar.add(first);

        registrar.add(new FakeRuntime("default"));

        assertThat(registrar.registeredCount()).isEqualTo(1);
        assertThat(registered("default")).isTrue();
    }

    @Test
    void add_removedWhileRegistering_leavesNothingRegistered() {
        Registrar[] self = new Registrar[1];
        self[0] = new Registrar(supervisor -> {
            SupervisorJmx.Registration registration = SupervisorJmx.register(supervisor, server);
            self[0].remove(supervisor); // a removal that overtakes the registration
            return registration;
        });
        self[0].enable(true);

        self[0].add(first);

        assertThat(registered("default")).isFalse();
        assertThat(self[0].registeredCount()).isZero();
    }

    @Test
    void close_registered_unregistersEverythingAndLaterEnableRegistersNothing() throws Exception {
        registrar.enable(true);
        registrar.add(first);

        registrar.close();
        registrar.enable(true);

        assertThat(server.queryNames(new ObjectName("supervisor:*"), null)).isEmpty();
    }
}
