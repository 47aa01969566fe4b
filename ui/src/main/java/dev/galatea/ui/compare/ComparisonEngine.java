package dev.galatea.ui.compare;

import dev.galatea.ui.generation.ReplyHandle;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenEvent;
import java.util.List;

/**
 * The UI's port for side-by-side generations: every column continues the same prompt with its own settings and
 * seed, in one batched generation (one prefill, each weight read once per step for all columns).
 */
public interface ComparisonEngine {

    ReplyHandle compare(ComparisonRequest request, ComparisonListener listener);

    /** A column's settings and the seed its draws use. */
    record Column(dev.galatea.chat.settings.GenerationSettings settings, long seed) {}

    /** @param maxNewTokens one length for all columns, so they stream and finish side by side */
    record ComparisonRequest(String prompt, List<Column> columns, int maxNewTokens, List<String> stopStrings) {
        public ComparisonRequest {
            columns = List.copyOf(columns);
            stopStrings = List.copyOf(stopStrings);
        }
    }

    /** Receives the stream on the engine's thread: tokens of any column, each column's end, or one error. */
    interface ComparisonListener {
        /**
         * The shared prompt's first {@code read} of {@code total} tokens are read: those reused from the last
         * generation first, then after each chunk of the prefill; {@code read == total} when the columns start.
         */
        default void onPromptRead(int read, int total) {
        }

        void onToken(int column, TokenEvent token);

        void onColumnDone(int column, ReplyResult result);

        void onError(String message);
    }
}
