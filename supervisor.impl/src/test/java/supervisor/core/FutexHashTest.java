package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;

/** Sizing the kernel's futex hash of the process on request: what is taken, what is refused, what is applied. */
class FutexHashTest {

    @Test
    void anUnsetOrBlankPropertyAsksForNothing() {
        assertThat(FutexHash.parse(null)).isEmpty();
        assertThat(FutexHash.parse("  ")).isEmpty();
    }

    @Test
    void zeroAndThePowersOfTwoUpToTheLimitAreTaken() {
        assertThat(FutexHash.parse(" 0 ")).contains(0);
        assertThat(FutexHash.parse("2")).contains(2);
        assertThat(FutexHash.parse("4096")).contains(4096);
        assertThat(FutexHash.parse("65536")).contains(FutexHash.MAX_SLOTS);
    }

    @Test
    void aValueThatIsNotAWholeNumberIsRefusedNamingItAndWhatIsExpected() {
        assertThatThrownBy(() -> FutexHash.parse("4k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property supervisor.futexHashSlots = '4k' is not a whole number; expected 0 (the"
                        + " kernel's shared hash) or a power of two from 2 to 65536, such as 4096");
    }

    @Test
    void aNumberThatIsNeitherZeroNorAPowerOfTwoInRangeIsRefusedNamingIt() {
        for (String value : new String[] {"1", "1000", "-4", "131072"}) {
            assertThatThrownBy(() -> FutexHash.parse(value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("system property supervisor.futexHashSlots = '" + value + "' is out of range;"
                            + " expected 0 (the kernel's shared hash) or a power of two from 2 to 65536");
        }
    }

    @Test
    void aMalformedPropertyKeepsTheSupervisorFromBeingCreated() {
        String before = System.getProperty(FutexHash.PROPERTY);
        System.setProperty(FutexHash.PROPERTY, "lots");
        try {
            assertThatThrownBy(() -> SupervisorEngine.create(Config.builder().name("futex-malformed").build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("supervisor.futexHashSlots = 'lots'");
        } finally {
            if (before == null) {
                System.clearProperty(FutexHash.PROPERTY);
            } else {
                System.setProperty(FutexHash.PROPERTY, before);
            }
        }
    }

    @Test
    void onLinuxWithAPerProcessHashTheProcessGetsTheSlotsAskedFor() {
        assumeForeignCallsAndAPerProcessHash();
        int before = FutexHash.slotsNow();
        int wanted = before == 8192 ? 4096 : 8192;
        QuietLogger log = new QuietLogger();

        FutexHash.apply(wanted, log);

        assertThat(FutexHash.slotsNow()).isEqualTo(wanted);
        assertThat(log.lines()).containsExactly("INFO the futex hash of this process now has " + wanted + " slots (it had "
                + before + " slots), as supervisor.futexHashSlots asks");
    }

    @Test
    void aHashOfTheSizeAskedForAlreadyIsLeftAsItIs() {
        assumeForeignCallsAndAPerProcessHash();
        int now = FutexHash.slotsNow();
        QuietLogger log = new QuietLogger();

        FutexHash.apply(now, log);

        assertThat(FutexHash.slotsNow()).isEqualTo(now);
        assertThat(log.lines()).containsExactly("INFO the futex hash of this process has " + now + " slots already, as"
                + " supervisor.futexHashSlots asks");
    }

    @Test
    void onlyTheFirstRequestOfTheProcessIsActedOn() {
        QuietLogger first = new QuietLogger();
        QuietLogger second = new QuietLogger();

        FutexHash.applyOnce("2048", first);
        FutexHash.applyOnce("1024", second);

        assertThat(first.lines()).hasSize(1); // what it did, or why it could not
        assertThat(second.lines()).isEmpty();
        if (foreignCallsAndAPerProcessHash()) {
            assertThat(FutexHash.slotsNow()).isEqualTo(2048);
        }
    }

    private static void assumeForeignCallsAndAPerProcessHash() {
        assumeTrue(foreignCallsAndAPerProcessHash(), "needs Linux 6.16 or later, and Java 22 or later or Java 17 with"
                + " jdk.incubator.foreign (the build adds it on 17)");
    }

    /** Whether the kernel can be asked here: slotsNow() is -1 where it cannot (FutexHashIT checks the reason given). */
    private static boolean foreignCallsAndAPerProcessHash() {
        return linux() && FutexHash.slotsNow() > 0;
    }

    private static boolean linux() {
        return Optional.ofNullable(System.getProperty("os.name")).orElse("").toLowerCase(Locale.ROOT).startsWith("linux");
    }
}
