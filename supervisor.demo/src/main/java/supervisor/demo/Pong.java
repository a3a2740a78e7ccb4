package supervisor.demo;

import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import supervisor.annotations.SupervisedService;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/** Returns each ball with one hit less and prints "pong"; its run ends when it receives 0. */
@Component(service = Service.class)
@SupervisedService(name = "pong")
public final class Pong implements Service {

    private final Table table;
    private final Console console;

    @Activate
    public Pong(@Reference Table table, @Reference Console console) {
        this.table = table;
        this.console = console;
    }

    /**
     * Says the player has left: its service is unregistered by then, and the supervisor has
     * ended its run (whether one was running or not), so this line always comes as the demo stops.
     */
    @Deactivate
    void deactivate() {
        console.println("pong: deactivated");
    }

    @Override
    public void run(ServiceContext context) throws InterruptedException, TimeoutException {
        try {
            play(context);
        } finally {
            if (context.isCancelled()) { // stopped by hand, removed, or the supervisor is stopping
                console.println("pong: cancelled, leaving the table");
            }
        }
    }

    private void play(ServiceContext context) throws InterruptedException, TimeoutException {
        while (true) {
            int ball = table.receive();
            if (ball == 0 || context.awaitCancellation(table.pause())) {
                return;
            }
            table.hit(ball - 1);
            console.println("pong");
        }
    }
}
