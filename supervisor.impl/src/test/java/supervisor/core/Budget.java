package supervisor.core;

/**
 * How much the model-checking, load and soak tests do. CI runs a small budget (seconds); the full
 * one runs with {@code -Dsupervisor.soak=true} (see docs/reliability.md), or with
 * {@code -Dsupervisor.model.scale=N} to multiply the model-checking budget by N.
 */
final class Budget {

    private Budget() {
    }

    /** Whether the long runs were asked for. */
    static boolean full() {
        return Boolean.getBoolean("supervisor.soak");
    }

    /**
     * Whether to model-check the whole engine: minutes on a two-core machine (each explored step of
     * the engine runs through the model checker), so only with {@code -Dsupervisor.model.engine=true}
     * or in a full run.
     */
    static boolean engineModel() {
        return full() || Boolean.getBoolean("supervisor.model.engine");
    }

    /** A model-checking or stress count: {@code ci} times the scale (10 in a full run, 1 otherwise). */
    static int iterations(int ci) {
        return ci * scale();
    }

    /** Invocations per scenario: not scaled, so one scenario's exploration stays as deep in CI as in a full run. */
    static int invocations(int ci) {
        return ci;
    }

    /** {@code ci} in CI, {@code full} in a full run. */
    static long pick(long ci, long full) {
        return full() ? full : ci;
    }

    private static int scale() {
        int scale = Integer.getInteger("supervisor.model.scale", full() ? 10 : 1);
        if (scale < 1) {
            throw new IllegalArgumentException("supervisor.model.scale must be at least 1, was " + scale);
        }
        return scale;
    }
}
