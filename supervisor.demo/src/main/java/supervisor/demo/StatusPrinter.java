package supervisor.demo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;

/**
 * Prints every status change of the default supervisor as it happens, one line each, stamped with
 * the time of the change. The first event (CURRENT) prints the state of every service then; a
 * service that leaves the supervisor (its component goes away) gets a line of its own.
 */
@Component(service = StatusListener.class)
public final class StatusPrinter implements StatusListener {

    private final Console console;

    @Activate
    public StatusPrinter(@Reference Console console) {
        this.console = console;
    }

    @Override
    public void onStatusChange(StatusEvent event) {
        String missed = event.missed() == 0 ? "" : " (" + event.missed() + " earlier changes not shown)";
        switch (event.kind()) {
            case CURRENT:
                if (event.snapshot().isEmpty()) {
                    console.println(event.supervisor() + ": no services yet" + missed);
                }
                for (StatusUpdate update : event.snapshot()) {
                    console.println(update.time(), StatusLine.of(event.supervisor(), update) + " [current]" + missed);
                }
                break;
            case REVISED:
                console.println(event.update().time(), StatusLine.of(event.supervisor(), event.update()) + " [revised]" + missed);
                break;
            case REMOVED: // its last change (STOPPED, REMOVED) came just before
                console.println(event.update().time(), event.supervisor() + "/" + event.update().serviceName()
                        + " removed from the supervisor" + missed);
                break;
            default:
                console.println(event.update().time(), StatusLine.of(event.supervisor(), event.update()) + missed);
        }
    }
}
