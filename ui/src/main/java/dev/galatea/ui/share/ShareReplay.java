package dev.galatea.ui.share;

import dev.galatea.chat.prompt.BuiltPrompt;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.prompt.PromptBuilder;
import dev.galatea.chat.prompt.PromptRequest;
import dev.galatea.chat.prompt.ReplyParser;
import dev.galatea.chat.prompt.Speaker;
import dev.galatea.chat.prompt.StopStrings;
import dev.galatea.ui.generation.GenerationQueue;
import dev.galatea.ui.generation.ReplyEngine;
import dev.galatea.ui.generation.ReplyRequest;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.ReplyProvenance;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.springframework.stereotype.Service;

/**
 * Regenerates a shared reply from what its snapshot recorded: the prompt the chat had when the reply was asked for
 * (built as the playground builds it), the reply's settings and its seed. With the same model the text must match.
 */
@Service
public class ShareReplay {

    /** How a replay came out. */
    public enum Verdict {
        /** The replay produced the shared text exactly. */
        MATCHES,
        /** The shared reply was stopped early, and the replay begins with all of it. */
        MATCHES_AS_FAR_AS_SHARED,
        DIFFERS,
        FAILED
    }

    /** @param replayText the replayed reply as the chat would have saved it, or the error message */
    public record Outcome(Verdict verdict, String replayText) {
    }

    private final PromptBuilder prompts;
    private final GenerationQueue queue;

    public ShareReplay(ReplyEngine engine, GenerationQueue queue) {
        this.prompts = engine.promptBuilder();
        this.queue = queue;
    }

    /**
     * The request that regenerates message {@code index}: empty unless it is a generated reply that answers one of
     * the user's messages (a greeting or a loaded chat log has nothing to replay).
     */
    public Optional<ReplyRequest> request(ChatSnapshot snapshot, int index) {
        List<ChatSnapshot.Message> messages = snapshot.messages();
        ReplyProvenance provenance = messages.get(index).provenance();
        int userIndex = index - 1;
        while (userIndex >= 0 && messages.get(userIndex).message().speaker() != Speaker.USER) {
            userIndex--;
        }
        if (provenance == null || userIndex < 0) {
            return Optional.empty();
        }
        List<ChatMessage> history = messages.subList(0, userIndex).stream().map(ChatSnapshot.Message::message).toList();
        BuiltPrompt prompt = prompts.build(new PromptRequest(snapshot.character(), snapshot.userName(), history,
                messages.get(userIndex).message().text(), provenance.settings().maxNewTokens(),
                provenance.settings().historyTurns()));
        return Optional.of(new ReplyRequest(prompt.text(), provenance.settings(), provenance.seed(),
                StopStrings.forChat(provenance.settings().stopStrings(), snapshot.userName())));
    }

    /**
     * Replays message {@code index} through the generation queue; {@code done} hears the outcome on the engine's
     * thread, {@code queuePosition} the generations still ahead of it.
     */
    public GenerationQueue.Ticket replay(ChatSnapshot snapshot, int index, IntConsumer queuePosition,
                                         Consumer<Outcome> done) {
        ReplyRequest request = request(snapshot, index)
                .orElseThrow(() -> new IllegalArgumentException("message " + index + " is not a replayable reply"));
        ChatSnapshot.Message shared = snapshot.messages().get(index);
        String name = snapshot.character().name();
        return queue.submit(request, new GenerationQueue.Listener() {
            @Override
            public void onQueuePosition(int ahead) {
                queuePosition.accept(ahead);
            }

            @Override
            public void onToken(TokenEvent token) {
            }

            @Override
            public void onDone(ReplyResult result) {
                done.accept(judge(shared, ReplyParser.characterMessage(result.text(), name).text()));
            }

            @Override
            public void onError(String message) {
                done.accept(new Outcome(Verdict.FAILED, message));
            }
        });
    }

    static Outcome judge(ChatSnapshot.Message shared, String replayText) {
        String sharedText = shared.message().text();
        if (replayText.equals(sharedText)) {
            return new Outcome(Verdict.MATCHES, replayText);
        }
        if ("cancelled".equals(shared.provenance().finishReason()) && replayText.startsWith(sharedText)) {
            return new Outcome(Verdict.MATCHES_AS_FAR_AS_SHARED, replayText);
        }
        return new Outcome(Verdict.DIFFERS, replayText);
    }
}
