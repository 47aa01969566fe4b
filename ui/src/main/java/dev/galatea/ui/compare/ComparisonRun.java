package dev.galatea.ui.compare;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.compare.ComparisonEngine.ComparisonListener;
import dev.galatea.ui.compare.ComparisonEngine.ComparisonRequest;
import dev.galatea.ui.generation.ReplyHandle;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One comparison on its way: starts the batched generation, collects each column's tokens, and tells the listener
 * on {@code uiThread} about every token and, once every column has ended, about all of them together.
 */
public final class ComparisonRun {

    /** What the view hears, always through {@code uiThread}. */
    public interface Listener {
        void token(int column, TokenEvent token);

        void finished(List<ComparedColumn> columns);

        void failed(String message);
    }

    /** A column to generate: its settings (seed included) and the name of the preset it came from, or "Custom". */
    public record ColumnSpec(String label, GenerationSettings settings, long seed) {
    }

    private final ReplyHandle handle;

    private ComparisonRun(ComparisonEngine engine, ComparisonRequest request, List<ColumnSpec> columns,
                          Executor uiThread, Listener listener) {
        handle = engine.compare(request, new Collector(columns, uiThread, listener));
    }

    /** @param prompt the text every column continues */
    public static ComparisonRun start(ComparisonEngine engine, String prompt, List<ColumnSpec> columns,
                                      int maxNewTokens, List<String> stopStrings, Executor uiThread,
                                      Listener listener) {
        ComparisonRequest request = new ComparisonRequest(prompt, columns.stream()
                .map(column -> new ComparisonEngine.Column(column.settings(), column.seed())).toList(),
                maxNewTokens, stopStrings);
        return new ComparisonRun(engine, request, columns, uiThread, listener);
    }

    /** Ends every column with the tokens it has, as "cancelled". */
    public void cancel() {
        handle.cancel();
    }

    /** Called on the engine's thread; hands everything to the UI thread in the order it came. */
    private static final class Collector implements ComparisonListener {
        private final List<ColumnSpec> columns;
        private final Executor uiThread;
        private final Listener listener;
        private final List<List<TokenEvent>> tokens = new ArrayList<>();
        private final ComparedColumn[] done;
        private int remaining;

        Collector(List<ColumnSpec> columns, Executor uiThread, Listener listener) {
            this.columns = List.copyOf(columns);
            this.uiThread = uiThread;
            this.listener = listener;
            columns.forEach(column -> tokens.add(new ArrayList<>()));
            done = new ComparedColumn[columns.size()];
            remaining = columns.size();
        }

        @Override
        public void onToken(int column, TokenEvent token) {
            tokens.get(column).add(token);
            uiThread.execute(() -> listener.token(column, token));
        }

        @Override
        public void onColumnDone(int column, ReplyResult result) {
            ColumnSpec spec = columns.get(column);
            done[column] = new ComparedColumn(spec.label(), spec.settings(), spec.seed(), result.text(),
                    result.finishReason(), tokens.get(column), result.tokensPerSecond());
            if (--remaining == 0) {
                List<ComparedColumn> all = Arrays.asList(done.clone());
                uiThread.execute(() -> listener.finished(List.copyOf(all)));
            }
        }

        @Override
        public void onError(String message) {
            uiThread.execute(() -> listener.failed(message));
        }
    }
}
