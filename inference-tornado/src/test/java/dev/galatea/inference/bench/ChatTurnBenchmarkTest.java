package dev.galatea.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.backend.cpu.CpuBackend;
import dev.galatea.inference.generate.CacheTrackingBackend;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.model.ModelFixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTurnBenchmarkTest {

    @Test
    void theTimedTurnRunsOnlyTheMessageAndTheReplysLastTokenOverTheKeptCache() {
        try (GptjModel model = GptjModel.load(ModelFixtures.directory(ModelFixtures.BF16_SHARDED));
             CpuBackend cpu = new CpuBackend(model)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(cpu);
            ChatTurnBenchmark.Result result = ChatTurnBenchmark.run(backend, 20, 43);
            int reply = ChatTurnBenchmark.REPLY_TOKENS;
            assertEquals(20 + reply + ChatTurnBenchmark.MESSAGE_TOKENS, result.promptTokens());
            assertEquals(20 + reply - 1, result.cachedTokens());
            assertEquals(List.of(20, ChatTurnBenchmark.MESSAGE_TOKENS + 1), backend.forwardTokens);
            List<String> expected = new ArrayList<>(List.of("forward"));
            expected.addAll(Collections.nCopies(reply - 1, "decode"));
            // The kept cache grows into a copy with room for the turn, then the turn runs and its cache is freed.
            expected.addAll(List.of("close 0", "forward", "close 1"));
            assertEquals(expected, backend.log);
            assertTrue(result.prefillSeconds() > 0);
        }
    }
}
