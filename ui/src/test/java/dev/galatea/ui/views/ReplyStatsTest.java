package dev.galatea.ui.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.galatea.ui.generation.ReplyResult;
import org.junit.jupiter.api.Test;

class ReplyStatsTest {

    @Test
    void aReplyTellsItsLengthSpeedAndHowMuchOfItsPromptWasReused() {
        assertThat(ReplyStats.text(new ReplyResult(" hi", "eos", 812, 780, 2.345, 49, 4.123)))
                .isEqualTo("49 tokens at 4.1 tok/s · prompt of 812 tokens read in 2.3 s, 780 of them reused from the"
                        + " last reply");
        assertThat(ReplyStats.text(new ReplyResult(" hi", "length", 512, 0, 21.4, 1, 0)))
                .isEqualTo("1 token · prompt of 512 tokens read in 21.4 s, none of it reused");
    }

    @Test
    void aReplyStoppedBeforeItsFirstTokenSaysNothing() {
        assertThat(ReplyStats.text(new ReplyResult("", "cancelled", 0, 0, 0, 0, 0))).isEmpty();
        assertThat(ReplyStats.text(new ReplyResult("", "cancelled", 812, 0, 20.5, 0, 0))).isEmpty();
    }
}
