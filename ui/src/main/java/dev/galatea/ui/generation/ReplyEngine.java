package dev.galatea.ui.generation;

import dev.galatea.chat.prompt.PromptBuilder;

/**
 * The UI's port to the model. The engine adapter implements it; views and services never touch engine classes.
 */
public interface ReplyEngine {

    ModelSummary model();

    /** Backs the chat domain's token counter, for the prompt budget and the inspector. */
    int countTokens(String text);

    /** Builds prompts for this model: counted by its tokenizer and fitted to its context. */
    default PromptBuilder promptBuilder() {
        return new PromptBuilder(this::countTokens, model().contextTokens());
    }

    /**
     * Starts a generation and returns at once; the listener hears the stream on another thread. The engine runs one
     * generation at a time: callers go through {@link GenerationQueue}.
     */
    ReplyHandle generate(ReplyRequest request, ReplyListener listener);
}
