package dev.galatea.ui.testing;

import dev.galatea.ui.generation.ModelSummary;
import dev.galatea.ui.generation.ReplyEngine;
import dev.galatea.ui.generation.ReplyHandle;
import dev.galatea.ui.generation.ReplyListener;
import dev.galatea.ui.generation.ReplyRequest;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenAlternative;
import dev.galatea.ui.generation.TokenEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in model that streams a fixed reply token by token, for checking the views' wiring while the engine
 * adapter is not there. It records the requests it was given.
 */
public final class ScriptedReplyEngine implements ReplyEngine {

    /** The reply: " *waves* Hello there, friend!" */
    public static final List<String> REPLY_TOKENS = List.of(" *", "waves", "*", " Hello", " there", ",", " friend", "!");

    private final Duration perToken;
    private final ModelSummary model;
    private final List<ReplyRequest> requests = new CopyOnWriteArrayList<>();

    /** A model with GPT-J's 2048-token context. */
    public ScriptedReplyEngine(Duration perToken) {
        this(perToken, 2048);
    }

    public ScriptedReplyEngine(Duration perToken, int contextTokens) {
        this.perToken = perToken;
        this.model = new ModelSummary("scripted-test-model", 1_234_567, "float32", "cpu", true, "scripted",
                contextTokens);
    }

    public List<ReplyRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public ModelSummary model() {
        return model;
    }

    @Override
    public int countTokens(String text) {
        return text.isEmpty() ? 0 : text.split("(?=\\s)").length;
    }

    @Override
    public ReplyHandle generate(ReplyRequest request, ReplyListener listener) {
        requests.add(request);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread.ofVirtual().name("scripted-generation").start(() -> stream(request, listener, cancelled));
        return () -> cancelled.set(true);
    }

    private void stream(ReplyRequest request, ReplyListener listener, AtomicBoolean cancelled) {
        StringBuilder text = new StringBuilder();
        int limit = Math.min(REPLY_TOKENS.size(), request.settings().maxNewTokens());
        for (int i = 0; i < limit; i++) {
            if (cancelled.get()) {
                listener.onDone(new ReplyResult(text.toString(), "cancelled", countTokens(request.prompt()), 0, 0, i, 10.0));
                return;
            }
            try {
                Thread.sleep(perToken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                listener.onError("interrupted");
                return;
            }
            String token = REPLY_TOKENS.get(i);
            text.append(token);
            listener.onToken(new TokenEvent(1000 + i, token, Math.log(0.5),
                    List.of(new TokenAlternative(token, 0.5), new TokenAlternative(" maybe", 0.25))));
        }
        String reason = limit < REPLY_TOKENS.size() ? "length" : "eos";
        listener.onDone(new ReplyResult(text.toString(), reason, countTokens(request.prompt()), 0, 0, limit, 12.5));
    }
}
