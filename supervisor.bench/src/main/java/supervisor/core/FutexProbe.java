package supervisor.core;

/**
 * The harness's view of {@link FutexHash}: the measures that run no supervisor (the floors) size
 * the kernel's futex hash as a supervisor would, so both sides of a comparison run with the same
 * hash. In the engine's package because FutexHash is not public.
 */
public final class FutexProbe {

    private FutexProbe() {
    }

    /** Applies {@value FutexHash#PROPERTY} as the first supervisor of the process would; logs to {@code supervisor.bench}. */
    public static void applyFromProperty() {
        FutexHash.applyOnce(System.getProperty(FutexHash.PROPERTY), System.getLogger("supervisor.bench"));
    }

    /** Whether the property is set. */
    public static boolean asked() {
        return FutexHash.parse(System.getProperty(FutexHash.PROPERTY)).isPresent();
    }

    /** The slots of the process's futex hash now: 0 for the kernel's shared one, -1 if it cannot be told. */
    public static int slotsNow() {
        return FutexHash.slotsNow();
    }
}
