package supervisor.core;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Locale;
import java.util.Optional;

/**
 * The size of this process's futex hash in the Linux kernel, set once on request (the system
 * property {@value #PROPERTY}), because parked platform threads make every wake-up slower there.
 *
 * <p>Why: every parked JVM thread waits on a futex, and the kernel finds a futex's waiters in a
 * hash table, walking the chain of the bucket it falls into. Since Linux 6.16 each process has a
 * hash of its own, sized by how many CPUs are online, not by how many threads wait: 16 buckets on
 * a 2-CPU machine. With 10,000 services parked on platform threads each chain holds hundreds of
 * waiters, so every unpark, every timed wake-up and every thread start walks one. On this
 * project's 2-core machines a hand-off to a parked thread costs about 80 µs among 10,000 parked
 * threads with 16 buckets and about 7 µs with 8,192 (docs/benchmarks.md). Virtual threads do not
 * wait on futexes and are not affected.
 *
 * <p>What: {@code prctl(PR_FUTEX_HASH, PR_FUTEX_HASH_SET_SLOTS, slots)}, called through
 * {@code java.lang.foreign} (Java 22 or later), or through Java 17's incubating
 * {@code jdk.incubator.foreign} when the JVM was started with
 * {@code --add-modules jdk.incubator.foreign}; both are looked up at run time, as the code is
 * compiled for 17. The value is a power of two from 2 to {@value #MAX_SLOTS}, or 0 for the kernel's one
 * hash shared by every process (as before Linux 6.16). It applies to the whole process, once per
 * copy of this class (once per process on the class path; again, finding it done, after an OSGi
 * bundle update): the first supervisor started with the property set (as it was when the
 * supervisor was created) applies it, later ones leave it alone. Nothing
 * is changed without the property. Where it cannot apply (not Linux, Java older than 22, a kernel
 * without a private hash, native access denied) the supervisor logs why and runs as it would
 * without it. Native access must be enabled for the caller on Java 17 (or the call is refused) and
 * should be on 22 and later (or the JVM warns): {@code --enable-native-access=ALL-UNNAMED} on the
 * class path or in OSGi, {@code =supervisor.impl} on the module path.
 *
 * <p>Concurrency: the class's monitor guards {@link #asked}; the kernel call is made under it,
 * once, and calls no user code. The engine calls it from {@code start()}, outside its own lock.
 */
final class FutexHash {

    /** The system property that asks for a size. */
    static final String PROPERTY = "supervisor.futexHashSlots";
    /** The largest size taken: 64 Ki buckets, about 4 MiB of kernel memory. */
    static final int MAX_SLOTS = 1 << 16;

    private static final int PR_FUTEX_HASH = 78;
    private static final long SET_SLOTS = 1;
    private static final long GET_SLOTS = 2;

    private static boolean asked; // guarded by FutexHash.class

    private FutexHash() {
    }

    /**
     * The size asked for by {@code value} (the property's text), or empty if it is not set.
     *
     * @throws IllegalArgumentException if it is neither 0 nor a power of two from 2 to {@value #MAX_SLOTS}
     */
    static Optional<Integer> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String expected = "; expected 0 (the kernel's shared hash) or a power of two from 2 to " + MAX_SLOTS
                + ", such as 4096";
        int slots;
        try {
            slots = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + PROPERTY + " = '" + value + "' is not a whole number"
                    + expected, e);
        }
        if (slots != 0 && (slots < 2 || slots > MAX_SLOTS || Integer.bitCount(slots) != 1)) {
            throw new IllegalArgumentException("system property " + PROPERTY + " = '" + value + "' is out of range"
                    + expected);
        }
        return Optional.of(slots);
    }

    /**
     * Applies the size {@code value} asks for, if it asks for one and none was applied in this
     * process yet, and logs the outcome.
     *
     * @throws IllegalArgumentException as {@link #parse} does, before anything is applied
     */
    static synchronized void applyOnce(String value, System.Logger log) {
        Optional<Integer> slots = parse(value);
        if (slots.isEmpty() || asked) {
            return;
        }
        asked = true;
        apply(slots.get(), log);
    }

    /** Asks the kernel for {@code wanted} slots (0 or a power of two) now, and logs the outcome. */
    static void apply(int wanted, System.Logger log) {
        String unavailable = unavailable();
        if (unavailable != null) {
            log.log(Level.WARNING, PROPERTY + " = " + wanted + " not applied: " + unavailable);
            return;
        }
        try {
            MethodHandle prctl = prctl();
            int before = (int) prctl.invokeWithArguments(PR_FUTEX_HASH, GET_SLOTS, 0L, 0L);
            if (before < 0) {
                log.log(Level.INFO, PROPERTY + " = " + wanted + " not applied: this kernel has no futex hash per process"
                        + " (Linux 6.16 and later have one), so it has nothing to size");
                return;
            }
            if (before == wanted) { // another copy of the engine (another class loader, a bundle update) set it
                log.log(Level.INFO, "the futex hash of this process has " + describe(before) + " already, as "
                        + PROPERTY + " asks");
                return;
            }
            int result = (int) prctl.invokeWithArguments(PR_FUTEX_HASH, SET_SLOTS, (long) wanted, 0L);
            int after = (int) prctl.invokeWithArguments(PR_FUTEX_HASH, GET_SLOTS, 0L, 0L);
            if (result != 0) {
                log.log(Level.WARNING, PROPERTY + " = " + wanted + " not applied: the kernel refused it; the hash keeps "
                        + describe(after));
                return;
            }
            log.log(Level.INFO, "the futex hash of this process now has " + describe(after) + " (it had "
                    + describe(before) + "), as " + PROPERTY + " asks");
        } catch (Throwable t) { // a denied native access, a missing symbol: run on without it
            if (t instanceof VirtualMachineError error) {
                throw error;
            }
            log.log(Level.WARNING, PROPERTY + " = " + wanted + " not applied: the kernel could not be called", t);
        }
    }

    /** How many slots the futex hash of this process has now: 0 for the shared one, -1 if it cannot be told. */
    static int slotsNow() {
        if (unavailable() != null) {
            return -1;
        }
        try {
            return (int) prctl().invokeWithArguments(PR_FUTEX_HASH, GET_SLOTS, 0L, 0L);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError error) {
                throw error;
            }
            return -1;
        }
    }

    private static String describe(int slots) {
        return slots == 0 ? "the kernel's shared hash" : slots + " slots";
    }

    /** Why the kernel cannot be asked on this JVM, or null if it can. */
    private static String unavailable() {
        String os = System.getProperty("os.name", "?");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "it applies to Linux only; this is " + os;
        }
        int feature = Runtime.version().feature();
        if (feature >= 22 || (feature == 17 && incubator().isPresent())) {
            return null;
        }
        return "calling the kernel needs Java 22 or later (java.lang.foreign), or Java 17 started with"
                + " --add-modules jdk.incubator.foreign; this is Java " + feature;
    }

    /** Java 17's incubating foreign API, if the JVM was started with it. */
    private static Optional<Module> incubator() {
        return ModuleLayer.boot().findModule("jdk.incubator.foreign");
    }

    /** {@code int prctl(int, ...)}, called with three longs: through java.lang.foreign, or Java 17's incubator. */
    private static MethodHandle prctl() throws ReflectiveOperationException {
        return Runtime.version().feature() == 17 ? prctlIncubating() : prctlFinal();
    }

    /** The same through Java 17's jdk.incubator.foreign (JEP 412), looked up by reflection in its own loader. */
    private static MethodHandle prctlIncubating() throws ReflectiveOperationException {
        ClassLoader loader = incubator().orElseThrow(() -> new ClassNotFoundException("jdk.incubator.foreign"))
                .getClassLoader(); // not through an OSGi bundle's loader, which does not see jdk.* packages
        Class<?> linkerType = Class.forName("jdk.incubator.foreign.CLinker", true, loader);
        Class<?> lookupType = Class.forName("jdk.incubator.foreign.SymbolLookup", true, loader);
        Class<?> layoutType = Class.forName("jdk.incubator.foreign.MemoryLayout", true, loader);
        Class<?> descriptorType = Class.forName("jdk.incubator.foreign.FunctionDescriptor", true, loader);
        Class<?> addressableType = Class.forName("jdk.incubator.foreign.Addressable", true, loader);

        Object linker = linkerType.getMethod("getInstance").invoke(null);
        Object lookup = linkerType.getMethod("systemLookup").invoke(null);
        Object symbol = found(lookupType.getMethod("lookup", String.class).invoke(lookup, "prctl"));
        Object intLayout = linkerType.getField("C_INT").get(null);
        Object longLayout = linkerType.getField("C_LONG").get(null);
        Object variadicLong = linkerType.getMethod("asVarArg", layoutType).invoke(null, longLayout); // prctl is variadic
        Object descriptor = intOfIntAndThree(descriptorType, layoutType, intLayout, variadicLong);
        java.lang.invoke.MethodType type = java.lang.invoke.MethodType.methodType(int.class, int.class, long.class,
                long.class, long.class);
        return (MethodHandle) linkerType.getMethod("downcallHandle", addressableType, java.lang.invoke.MethodType.class,
                descriptorType).invoke(linker, symbol, type, descriptor);
    }

    /** Through java.lang.foreign (Java 22 and later), looked up by reflection (the engine is compiled for 17). */
    private static MethodHandle prctlFinal() throws ReflectiveOperationException {
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");

        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
        Object symbol = found(lookupType.getMethod("find", String.class).invoke(lookup, "prctl"));
        Object intLayout = valueLayoutType.getField("JAVA_INT").get(null);
        Object longLayout = valueLayoutType.getField("JAVA_LONG").get(null);
        Object descriptor = intOfIntAndThree(descriptorType, layoutType, intLayout, longLayout);
        Object options = Array.newInstance(optionType, 1); // prctl is variadic after its first argument
        Array.set(options, 0, optionType.getMethod("firstVariadicArg", int.class).invoke(null, 1));
        return (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType, options.getClass())
                .invoke(linker, symbol, descriptor, options);
    }

    /** The address a symbol lookup found ({@code Optional} of it), or NoSuchMethodException. */
    private static Object found(Object lookedUp) throws NoSuchMethodException {
        return ((Optional<?>) lookedUp).orElseThrow(() -> new NoSuchMethodException("the C library has no prctl"));
    }

    /** {@code FunctionDescriptor.of(int, int, rest, rest, rest)}: prctl's shape, in either API's layouts. */
    private static Object intOfIntAndThree(Class<?> descriptorType, Class<?> layoutType, Object intLayout, Object rest)
            throws ReflectiveOperationException {
        Object arguments = Array.newInstance(layoutType, 4);
        Array.set(arguments, 0, intLayout);
        for (int i = 1; i < 4; i++) {
            Array.set(arguments, i, rest);
        }
        return descriptorType.getMethod("of", layoutType, arguments.getClass()).invoke(null, intLayout, arguments);
    }
}
