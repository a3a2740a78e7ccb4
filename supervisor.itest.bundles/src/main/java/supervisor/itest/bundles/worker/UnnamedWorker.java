package supervisor.itest.bundles.worker;

import org.osgi.service.component.annotations.Component;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/** Runs until cancelled; has no supervisor.name, so it is supervised under its component name. */
@Component(name = "unnamed-worker", service = Service.class)
public final class UnnamedWorker implements Service {

    @Override
    public void run(ServiceContext context) throws InterruptedException {
        context.awaitCancellation();
    }
}
