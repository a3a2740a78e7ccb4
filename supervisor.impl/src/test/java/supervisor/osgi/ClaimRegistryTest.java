package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClaimRegistryTest {

    private final ClaimRegistry claims = new ClaimRegistry();
    private final Object first = "first";
    private final Object second = "second";

    @Test
    void claim_freeService_succeeds() {
        assertThat(claims.claim(1, first)).isEmpty();
        assertThat(claims.owner(1)).containsSame(first);
    }

    @Test
    void claim_byTheOwnerAgain_succeeds() {
        claims.claim(1, first);

        assertThat(claims.claim(1, first)).isEmpty();
    }

    @Test
    void claim_ownedByAnother_namesTheOwner() {
        claims.claim(1, first);

        assertThat(claims.claim(1, second)).containsSame(first);
        assertThat(claims.owner(1)).containsSame(first);
    }

    @Test
    void release_byTheOwner_freesTheService() {
        claims.claim(1, first);
        claims.release(1, first);

        assertThat(claims.owner(1)).isEmpty();
        assertThat(claims.claim(1, second)).isEmpty();
    }

    @Test
    void release_byAnother_changesNothing() {
        claims.claim(1, first);
        claims.release(1, second);

        assertThat(claims.owner(1)).containsSame(first);
    }
}
