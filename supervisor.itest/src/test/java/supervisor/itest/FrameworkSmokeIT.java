package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** A real Felix framework starts with the api and impl bundles, as built, resolved and active. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FrameworkSmokeIT {

    @Inject
    BundleContext context;

    static String builtJar(String property) {
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property " + property + " must name the built jar, was " + path);
        }
        return new File(path).toURI().toString();
    }

    @Configuration
    public Option[] config() {
        return options(
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
                cleanCaches(true),
                workingDirectory("target/paxexam/smoke"),
                junitBundles(),
                bundle(builtJar("supervisor.api.jar")),
                bundle(builtJar("supervisor.impl.jar")));
    }

    @Test
    public void apiAndImplBundles_areTheBuiltJars_andActive() {
        Map<String, Bundle> ours = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("supervisor."))
                .collect(Collectors.toMap(Bundle::getSymbolicName, Function.identity(), (a, b) -> a, TreeMap::new));
        assertEquals("[supervisor.api, supervisor.impl]", ours.keySet().toString());
        for (Bundle bundle : ours.values()) {
            assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
            assertEquals(bundle.getSymbolicName() + " location", true, bundle.getLocation().endsWith(".jar"));
        }
    }
}
