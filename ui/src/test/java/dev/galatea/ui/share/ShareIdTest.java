package dev.galatea.ui.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShareIdTest {

    @Test
    void idIsTwentyTwoUrlSafeCharactersCarrying128Bits() {
        for (int i = 0; i < 1000; i++) {
            String id = ShareId.next();
            assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]{22}");
            byte[] bits = Base64.getUrlDecoder().decode(id);
            assertThat(bits).hasSize(16);
            assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(bits)).isEqualTo(id);
            assertThat(ShareId.isWellFormed(id)).as(id).isTrue();
        }
    }

    @Test
    void hundredThousandIdsNeverCollideAndUseTheWholeAlphabet() {
        Set<String> ids = new HashSet<>();
        Set<Character> firstCharacters = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ShareId.next();
            assertThat(ids.add(id)).as("id %d repeats an earlier one: %s", i, id).isTrue();
            firstCharacters.add(id.charAt(0));
        }
        assertThat(ids).hasSize(100_000);
        assertThat(firstCharacters).hasSize(64);
    }

    @Test
    void consecutiveIdsDifferInHalfTheirBitsSoNoneCanBeDerivedFromTheLast() {
        // Independent random 128-bit values differ in 64 bits on average (standard deviation of the mean over
        // 2000 pairs: 0.13 bits); a counter or a time-based id would differ in a handful.
        BigInteger previous = bits(ShareId.next());
        long differingBits = 0;
        int pairs = 2000;
        for (int i = 0; i < pairs; i++) {
            BigInteger next = bits(ShareId.next());
            differingBits += previous.xor(next).bitCount();
            assertThat(next.subtract(previous).abs()).isGreaterThan(BigInteger.valueOf(1_000_000));
            previous = next;
        }
        assertThat(differingBits / (double) pairs).isBetween(63.0, 65.0);
    }

    @Test
    void textsThatNoIdCouldBeAreNotWellFormed() {
        String id = ShareId.next();
        assertThat(ShareId.isWellFormed(null)).isFalse();
        assertThat(ShareId.isWellFormed("")).isFalse();
        assertThat(ShareId.isWellFormed(id.substring(1))).as("21 characters").isFalse();
        assertThat(ShareId.isWellFormed(id + "A")).as("23 characters").isFalse();
        assertThat(ShareId.isWellFormed("AAAAAAAAAAAAAAAAAAAA+A")).as("standard base64 '+'").isFalse();
        assertThat(ShareId.isWellFormed("AAAAAAAAAAAAAAAAAAAA/A")).as("standard base64 '/'").isFalse();
        assertThat(ShareId.isWellFormed("AAAAAAAAAAAAAAAAAAAA==")).as("padding").isFalse();
        assertThat(ShareId.isWellFormed("AAAAAAAAAAAAAAAAAAA%2A")).as("escaped").isFalse();
        assertThat(ShareId.isWellFormed("AAAAAAAAAAAAAAAAAAAAÄA")).as("non-ASCII").isFalse();
        assertThat(ShareId.isWellFormed("' OR 1=1 --AAAAAAAAAAA")).as("SQL").isFalse();
        assertThat(ShareId.isWellFormed("AAAAAAAAAAAAAAAAAAAAAB")).as("bits beyond 128").isFalse();
        assertThat(ShareId.isWellFormed("AAAAAAAAAAAAAAAAAAAAAQ")).isTrue();
        assertThat(ShareId.isWellFormed("_____________________w")).isTrue();
    }

    private static BigInteger bits(String id) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(id));
    }
}
