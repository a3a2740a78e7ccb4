package supervisor.itest;

import static org.junit.Assert.assertEquals;

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

    @Configuration
    public Option[] config() {
        // the impl bundle needs SCR and the Log Service API: the shared framework brings them
        return OsgiTestSupport.framework("smoke");
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
