package supervisor.itest.bundles.pingpong;

import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.annotations.SupervisedService;
import supervisor.annotations.SupervisorGroup;

/** Serves {@link #ROUNDS} balls and prints "ping" for each; closes the table when the last comes back. */
@Component(service = Service.class)
@SupervisedService(name = "ping")
@SupervisorGroup("pingpong")
public final class Ping implements Service {

    /** How many rounds a game has. */
    public static final int ROUNDS = 2;

    private final Table table;

    @Activate
    public Ping(@Reference Table table) {
        this.table = table;
    }

    @Override
    public void run(ServiceContext context) throws Exception {
        if (table.isClosed()) {
            context.awaitCancellation(); // the game is over; wait to be stopped
            return;
        }
        int ball = ROUNDS;
        while (true) {
            try {
                table.send(ball);
            } catch (InterruptedException e) {
                throw new TimeoutException("timeout"); // the context was cancelled first
            }
            table.println("ping");
            ball = table.receive();
            if (ball == 0) {
                table.close();
                return;
            }
        }
    }
}
