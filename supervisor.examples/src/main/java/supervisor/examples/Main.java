package supervisor.examples;

/** The demo: the original's three examples, one after the other. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PingPong.play(System.out);
        RestartCrashed.play(System.out);
        StatusUpdateListeners.play(System.out);
    }
}
