package supervisor.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription.State;

class SupervisorJmxTest {

    private static final Instant SINCE = Instant.parse("2026-12-01T09:59:58.250Z");
    private static final Instant NEXT = Instant.parse("2026-12-01T10:00:02Z");
    private static final StatusUpdate FAILURE = new StatusUpdate(2, "db", SINCE, Status.ERROR, Reason.FAILED,
            new IOException("connection refused"), 2, NEXT, null);
    private static final ServiceDescription POLLER =
            new ServiceDescription(1, "poller", Status.RUNNING, Reason.STARTED, SINCE, 0, null, null, false, Policy.INHERIT);
    private static final ServiceDescription DB =
            new ServiceDescription(2, "db", Status.ERROR, Reason.FAILED, SINCE, 2, NEXT, FAILURE, false, Policy.INHERIT);
    private static final ServiceDescription NOT_STARTED =
            new ServiceDescription(3, "later", null, null, null, 0, null, null, false, Policy.INHERIT);

    /** A fresh server per test, referenced by nothing else (newMBeanServer keeps no reference to it). */
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final FakeRuntime supervisor = new FakeRuntime("default");

    private Object invoke(ObjectName name, String operation, String service) throws Exception {
        return server.invoke(name, operation, new Object[] {service}, new String[] {String.class.getName()});
    }

    @Test
    void objectName_plainName_isTheNameUnquoted() {
        assertThat(SupervisorJmx.objectName("default").toString()).isEqualTo("supervisor:type=Supervisor,name=default");
    }

    @Test
    void objectName_nameWithSpecialCharacters_isQuotedAndUnquotesToTheName() {
        String name = "a,b=c:\"d\"*?\\e";

        ObjectName objectName = SupervisorJmx.objectName(name);

        assertThat(objectName.getKeyProperty("name")).isEqualTo("\"a,b=c:\\\"d\\\"\\*\\?\\\\e\"");
        assertThat(ObjectName.unquote(objectName.getKeyProperty("name"))).isEqualTo(name);
        assertThat(objectName.isPattern()).isFalse();
    }

    @Test
    void objectName_emptyName_isRefusedWithOneLine() {
        assertThatIllegalArgumentException().isThrownBy(() -> SupervisorJmx.objectName(""))
                .withMessage("a supervisor name for an ObjectName must not be empty");
    }

    @Test
    void register_supervisor_attributesNameStateAndEscalation() throws Exception {
        supervisor.state = State.ENDED;
        supervisor.escalation = "service 'db' gave up";

        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        assertThat(server.getAttributes(name, new String[] {"Name", "State", "Escalation"}).asList())
                .containsExactly(new Attribute("Name", "default"), new Attribute("State", "ENDED"),
                        new Attribute("Escalation", "service 'db' gave up"));
    }

    @Test
    void register_supervisor_servicesAttributeIsAnArrayOfCompositesWithTheEightItems() throws Exception {
        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        MBeanAttributeInfo info = List.of(server.getMBeanInfo(name).getAttributes()).stream()
                .filter(attribute -> attribute.getName().equals("Services")).findFirst().orElseThrow();

        ArrayType<?> type = (ArrayType<?>) ((OpenMBeanAttributeInfo) info).getOpenType();
        CompositeType element = (CompositeType) type.getElementOpenType();
        assertThat(element.keySet()).containsExactlyInAnyOrder(
                "name", "id", "status", "reason", "restarts", "since", "nextRestart", "lastError");
        assertThat(element.getType("id")).isEqualTo(SimpleType.LONG);
        assertThat(element.getType("restarts")).isEqualTo(SimpleType.INTEGER);
        assertThat(element.getType("since")).isEqualTo(SimpleType.STRING);
    }

    @Test
    void register_failedService_servicesAttributeHasItsExactValues() throws Exception {
        supervisor.services = List.of(DB);
        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        CompositeData[] services = (CompositeData[]) server.getAttribute(name, "Services");

        assertThat(services).hasSize(1);
        assertThat(services[0].getAll(new String[] {
            "name", "id", "status", "reason", "restarts", "since", "nextRestart", "lastError"}))
                .containsExactly("db", 2L, "ERROR", "FAILED", 2, "2026-12-01T09:59:58.250Z", "2026-12-01T10:00:02Z",
                        "java.io.IOException: connection refused");
    }

    @Test
    void register_serviceBeforeTheStart_servicesAttributeHasNullsForWhatItHasNot() throws Exception {
        supervisor.services = List.of(NOT_STARTED);
        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        CompositeData[] services = (CompositeData[]) server.getAttribute(name, "Services");

        assertThat(services[0].getAll(new String[] {
            "name", "id", "status", "reason", "restarts", "since", "nextRestart", "lastError"}))
                .containsExactly("later", 3L, null, null, 0, null, null, null);
    }

    @Test
    void register_twoServices_proxyRebuildsTheServiceInfosInIdOrder() {
        supervisor.services = List.of(POLLER, DB);
        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        SupervisorMXBean proxy = JMX.newMXBeanProxy(server, name, SupervisorMXBean.class);

        assertThat(proxy.getServices()).containsExactly(
                new ServiceInfo("poller", 1, "RUNNING", "STARTED", 0, "2026-12-01T09:59:58.250Z", null, null),
                new ServiceInfo("db", 2, "ERROR", "FAILED", 2, "2026-12-01T09:59:58.250Z", "2026-12-01T10:00:02Z",
                        "java.io.IOException: connection refused"));
    }

    @Test
    void invoke_restartStopStart_actOnTheSupervisorAndReturnItsAnswers() throws Exception {
        supervisor.services = List.of(POLLER);
        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        Object restarted = invoke(name, "restart", "poller");
        Object stopped = invoke(name, "stop", "poller");
        Object started = invoke(name, "start", "poller");

        assertThat(supervisor.operations).containsExactly("restart poller", "stop poller", "start poller");
        assertThat(restarted).isNull();
        assertThat(stopped).isEqualTo(true);
        assertThat(started).isEqualTo(false);
    }

    @Test
    void invoke_unknownName_failsWithTheSupervisorsMessageOnOneLine() {
        supervisor.services = List.of(POLLER, DB);
        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        assertThatThrownBy(() -> invoke(name, "restart", "nope"))
                .isInstanceOf(RuntimeMBeanException.class)
                .cause().isExactlyInstanceOf(IllegalArgumentException.class).hasNoCause()
                .hasMessage("supervisor 'default' has no service named 'nope'; its services are [poller, db]");
    }

    @Test
    void invoke_nullName_failsNamingWhatIsExpected() {
        supervisor.services = List.of(POLLER, DB);
        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        assertThatThrownBy(() -> invoke(name, "stop", null))
                .cause().isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("supervisor 'default': stop needs the name of a service, was null; its services are [db, poller]");
        assertThat(supervisor.operations).isEmpty();
    }

    @Test
    void invoke_endedSupervisor_failsWithIllegalState() {
        supervisor.services = List.of(POLLER);
        supervisor.state = State.ENDED;
        ObjectName name = SupervisorJmx.register(supervisor, server).objectName();

        assertThatThrownBy(() -> invoke(name, "start", "poller"))
                .cause().isExactlyInstanceOf(IllegalStateException.class).hasNoCause()
                .hasMessage("cannot start service 'poller': supervisor 'default' is ENDED");
    }

    @Test
    void close_registered_unregistersTheMBean() {
        SupervisorJmx.Registration registration = SupervisorJmx.register(supervisor, server);

        registration.close();

        assertThat(server.isRegistered(registration.objectName())).isFalse();
    }

    @Test
    void close_alreadyUnregisteredBySomeoneElse_doesNotThrow() throws Exception {
        SupervisorJmx.Registration registration = SupervisorJmx.register(supervisor, server);
        server.unregisterMBean(registration.objectName());

        registration.close();

        assertThat(server.isRegistered(registration.objectName())).isFalse();
    }

    @Test
    void register_nameTaken_failsNamingTheObjectName() {
        SupervisorJmx.register(supervisor, server);

        assertThatIllegalStateException().isThrownBy(() -> SupervisorJmx.register(new FakeRuntime("default"), server))
                .withMessage("cannot register supervisor 'default' on JMX: an MBean named "
                        + "supervisor:type=Supervisor,name=default is already registered");
    }

    @Test
    void register_nameWithSpecialCharacters_isFoundByItsQuotedNameAndReportsTheName() throws Exception {
        String special = "orders, \"eu\": *";
        SupervisorJmx.register(new FakeRuntime(special), server);

        ObjectName name = new ObjectName("supervisor:type=Supervisor,name=" + ObjectName.quote(special));

        assertThat(server.getAttribute(name, "Name")).isEqualTo(special);
    }
}
