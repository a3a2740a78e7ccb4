package supervisor.itest.bundles.pingpong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.annotations.SupervisedService;
import supervisor.annotations.SupervisorGroup;

/** Returns each ball less one and prints "pong"; ends when it receives 0. */
@Component(service = Service.class)
@SupervisedService(name = "pong")
@SupervisorGroup("pingpong")
public final class Pong implements Service {

    private final Table table;

    @Activate
    public Pong(@Reference Table table) {
        this.table = table;
    }

    @Override
    public void run(ServiceContext context) throws InterruptedException {
        if (table.isClosed()) {
            context.awaitCancellation(); // the game is over; wait to be stopped
            return;
        }
        while (true) {
            int ball = table.receive();
            if (ball == 0) {
                return;
            }
            table.send(ball - 1);
            table.println("pong");
        }
    }
}
