package supervisor.itest.karaf;

import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.stream.Stream;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.DefaultCompositeOption;

/**
 * The Karaf the tests run in, built in the failsafe JVM from failsafe's system properties:
 * apache-karaf-minimal from the local repository, unpacked under target/exam; Karaf's mvn: resolver
 * reading the reactor's staged artifacts first; two users of the karaf realm; no console, no ssh.
 * Pax Exam itself puts free ports in etc/org.apache.karaf.management.cfg (its remote channel uses
 * the RMI registry there), so Karaf's JMX connector, once feature management is installed, listens
 * on those; {@link KarafJmx} reads them from ConfigAdmin.
 */
final class KarafOptions {

    /** A user with role viewer only. */
    static final String VIEWER = "sv-viewer";
    static final String VIEWER_PASSWORD = "viewer-secret";
    /** A user with Karaf's admin, manager and viewer roles (as the karaf user of admingroup has). */
    static final String ADMIN = "sv-admin";
    static final String ADMIN_PASSWORD = "admin-secret";

    /** System property, set in Karaf, with the version of the supervisor artifacts. */
    static final String VERSION_PROPERTY = "supervisor.version";

    /** System property, set in Karaf, with the port of the HTTP service of feature supervisor-health. */
    static final String HTTP_PORT_PROPERTY = "supervisor.itest.http.port";

    private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    private static final String USERS = "etc/users.properties";

    private KarafOptions() {
    }

    static Option[] karaf() {
        String karafVersion = required("karaf.version");
        String httpPort = Integer.toString(freePort());
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(required("karaf.distribution")).toURI().toString())
                        .karafVersion(karafVersion)
                        .name("Apache Karaf")
                        .unpackDirectory(new File(required("karaf.unpack")))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                when(Boolean.getBoolean("karaf.keep")).useOptions(keepRuntimeFolder()),

                // the build's local repository, then the reactor's artifacts as built (read first,
                // so a stale installed SNAPSHOT never wins), then Central only
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.localRepository",
                        required("org.ops4j.pax.url.mvn.localRepository")),
                editConfigurationFileExtend(MVN_CFG, "org.ops4j.pax.url.mvn.defaultRepositories",
                        new File(required("reactor.repo")).toURI() + "@id=reactor@snapshots"),
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),

                // Karaf 4.4 ships users.properties with every user commented out
                editConfigurationFilePut(USERS, VIEWER, VIEWER_PASSWORD + ",viewer"),
                editConfigurationFilePut(USERS, ADMIN, ADMIN_PASSWORD + ",admin,manager,viewer"),

                // the OSGi Condition API: Karaf's system bundle does not export it, and the test
                // bundle's gated component imports it (feature supervisor-shell brings it too)
                mavenBundle("org.osgi", "org.osgi.service.condition", "1.0.0"),
                // Awaitility and the hamcrest it needs, for the probe to wait with
                mavenBundle("org.hamcrest", "hamcrest", "2.1"),
                mavenBundle("org.awaitility", "awaitility", required("awaitility.version")),

                // Felix HTTP (feature supervisor-health) on a free loopback port, read when it is installed
                editConfigurationFilePut("etc/org.apache.felix.http.cfg", "org.osgi.service.http.port", httpPort),
                editConfigurationFilePut("etc/org.apache.felix.http.cfg", "org.apache.felix.http.host", "127.0.0.1"),
                systemProperty(HTTP_PORT_PROPERTY).value(httpPort),
                systemProperty(VERSION_PROPERTY).value(required(VERSION_PROPERTY)),
                systemProperty("pax.exam.service.timeout").value("60000"),
                vmOption("-Xmx512m"),
                javaModuleOptions(karafVersion));
    }

    /**
     * What bin/karaf passes on JDK 9 and later; Pax Exam starts java itself without them (karaf.log
     * then shows NoClassDefFoundError: org/apache/karaf/specs/locator/OsgiLocator). Paths are
     * relative to the unpacked Karaf, where its JVM runs.
     */
    private static Option javaModuleOptions(String karafVersion) {
        return new DefaultCompositeOption(Stream.of(
                        "--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                        "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                        "--add-opens", "java.base/java.security=ALL-UNNAMED",
                        "--add-opens", "java.base/java.net=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/java.util=ALL-UNNAMED",
                        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                        "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                        "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED")
                .map(CoreOptions::vmOption).toArray(Option[]::new));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for Felix HTTP", e);
        }
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + key + " is not set: run the test through mvn verify");
        }
        return value;
    }
}
