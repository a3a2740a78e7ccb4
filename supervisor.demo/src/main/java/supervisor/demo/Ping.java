package supervisor.demo;

import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import supervisor.annotations.SupervisedService;
import supervisor.api.Service;
import supervisor.api.ServiceContext;

/**
 * Serves a game of {@link #ROUNDS} rounds and prints "ping" for each hit. When the last ball comes
 * back (0), it hands 0 on to end {@link Pong}'s run too and returns: both runs end STOPPED, and the
 * supervisor starts them again for the next game (the original cancels everything instead).
 */
@Component(service = Service.class)
@SupervisedService(name = "ping")
public final class Ping implements Service {

    /** How many rounds (a ping and a pong each) a game has. */
    static final int ROUNDS = 3;

    private final Table table;
    private final Console console;

    @Activate
    public Ping(@Reference Table table, @Reference Console console) {
        this.table = table;
        this.console = console;
    }

    /**
     * Says the player has left: its service is unregistered by then, and the supervisor has
     * ended its run (whether one was running or not), so this line always comes as the demo stops.
     */
    @Deactivate
    void deactivate() {
        console.println("ping: deactivated");
    }

    @Override
    public void run(ServiceContext context) throws InterruptedException, TimeoutException {
        try {
            play(context);
        } finally {
            if (context.isCancelled()) { // stopped by hand, removed, or the supervisor is stopping
                console.println("ping: cancelled, leaving the table");
            }
        }
    }

    private void play(ServiceContext context) throws InterruptedException, TimeoutException {
        int ball = ROUNDS;
        while (ball > 0) {
            if (context.awaitCancellation(table.pause())) {
                return;
            }
            table.hit(ball);
            console.println("ping");
            ball = table.receive();
        }
        table.hit(0); // game over: Pong's run ends as well
    }
}
