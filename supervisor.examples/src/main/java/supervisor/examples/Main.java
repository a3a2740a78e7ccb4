package supervisor.examples;

/** The demo: both examples of the original, one after the other. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PingPong.play(System.out);
        RestartCrashed.play(System.out);
    }
}
