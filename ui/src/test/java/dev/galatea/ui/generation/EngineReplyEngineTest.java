package dev.galatea.ui.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.GalateaProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's engine over the demo model on the CPU backend: what a chat reply reports back. */
class EngineReplyEngineTest {
    private static final String PROMPT = "Aqua's Persona: A goddess of water.\n<START>\nYou: Hello, who are you?\nAqua:";

    @TempDir
    static Path dataDir;
    private static EngineReplyEngine engine;

    @BeforeAll
    static void start() {
        engine = new EngineReplyEngine(new GalateaProperties(null, dataDir, "cpu"));
    }

    @AfterAll
    static void stop() {
        engine.destroy();
    }

    @Test
    void aRegenerateReusesTheKeptPromptAndWithTheSameSeedGivesTheSameReply() throws Exception {
        ReplyRequest request = new ReplyRequest(PROMPT, GenerationSettings.PYGMALION_DEFAULTS, 11, List.of("\nYou:"));
        ReplyResult first = reply(request);
        ReplyResult again = reply(request);
        assertEquals(engine.countTokens(PROMPT), first.promptTokens());
        assertEquals(0, first.cachedPromptTokens());
        assertEquals(first.promptTokens() - 1, again.cachedPromptTokens(), "only the prompt's last token runs again");
        assertEquals(first.text(), again.text());
        assertTrue(first.newTokens() > 0);
    }

    private static ReplyResult reply(ReplyRequest request) throws Exception {
        CompletableFuture<ReplyResult> done = new CompletableFuture<>();
        engine.generate(request, new ReplyListener() {
            @Override
            public void onToken(TokenEvent token) {
            }

            @Override
            public void onDone(ReplyResult result) {
                done.complete(result);
            }

            @Override
            public void onError(String message) {
                done.completeExceptionally(new AssertionError(message));
            }
        });
        return done.get(60, TimeUnit.SECONDS);
    }
}
