package dev.galatea.ui.compare;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.compare.ComparisonEngine.ComparisonListener;
import dev.galatea.ui.compare.ComparisonEngine.ComparisonRequest;
import dev.galatea.ui.generation.GenerationQueue;
import dev.galatea.ui.generation.ReplyHandle;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One comparison on its way: waits its turn in the {@link GenerationQueue} like any chat reply, runs the batched
 * generation, collects each column's tokens, and tells the listener on {@code uiThread} its place in line, every
 * token and, once every column has ended, all of them together.
 */
public final class ComparisonRun {

    /** What the view hears, always through {@code uiThread}. */
    public interface Listener {
        /** @param ahead generations before this one, the running one included; 0 when it starts */
        void queuePosition(int ahead);

        /** The prompt's first {@code read} of {@code total} tokens are read; all of them when the columns start. */
        void promptRead(int read, int total);

        void token(int column, TokenEvent token);

        void finished(List<ComparedColumn> columns);

        void failed(String message);
    }

    /** A column to generate: its settings (seed included) and the name of the preset it came from, or "Custom". */
    public record ColumnSpec(String label, GenerationSettings settings, long seed) {
    }

    private final GenerationQueue.Ticket ticket;

    private ComparisonRun(GenerationQueue queue, ComparisonEngine engine, ComparisonRequest request,
                          List<ColumnSpec> columns, Executor uiThread, Listener listener) {
        ticket = queue.submit(new GenerationQueue.Job() {
            @Override
            public void onQueuePosition(int ahead) {
                uiThread.execute(() -> listener.queuePosition(ahead));
            }

            @Override
            public ReplyHandle start(GenerationQueue.End end) {
                return engine.compare(request, new Collector(columns, uiThread, listener, end));
            }

            @Override
            public void onCancelledWhileWaiting() {
                List<ComparedColumn> empty = columns.stream().map(spec -> new ComparedColumn(spec.label(),
                        spec.settings(), spec.seed(), "", "cancelled", List.of(), 0)).toList();
                uiThread.execute(() -> listener.finished(empty));
            }

            @Override
            public void onRefused(String message) {
                uiThread.execute(() -> listener.failed(message));
            }
        });
    }

    /**
     * Puts the comparison in line behind the generations already there.
     *
     * @param prompt the text every column continues
     */
    public static ComparisonRun start(GenerationQueue queue, ComparisonEngine engine, String prompt,
                                      List<ColumnSpec> columns, int maxNewTokens, List<String> stopStrings,
                                      Executor uiThread, Listener listener) {
        ComparisonRequest request = new ComparisonRequest(prompt, columns.stream()
                .map(column -> new ComparisonEngine.Column(column.settings(), column.seed())).toList(),
                maxNewTokens, stopStrings);
        return new ComparisonRun(queue, engine, request, columns, uiThread, listener);
    }

    /** Ends every column with the tokens it has, as "cancelled"; a comparison still waiting leaves the line. */
    public void cancel() {
        ticket.cancel();
    }

    /** Called on the engine's thread; hands everything to the UI thread in the order it came. */
    private static final class Collector implements ComparisonListener {
        private final List<ColumnSpec> columns;
        private final Executor uiThread;
        private final Listener listener;
        private final GenerationQueue.End end;
        private final List<List<TokenEvent>> tokens = new ArrayList<>();
        private final ComparedColumn[] done;
        private int remaining;

        Collector(List<ColumnSpec> columns, Executor uiThread, Listener listener, GenerationQueue.End end) {
            this.columns = List.copyOf(columns);
            this.uiThread = uiThread;
            this.listener = listener;
            this.end = end;
            columns.forEach(column -> tokens.add(new ArrayList<>()));
            done = new ComparedColumn[columns.size()];
            remaining = columns.size();
        }

        @Override
        public void onPromptRead(int read, int total) {
            uiThread.execute(() -> listener.promptRead(read, total));
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
                end.with(() -> uiThread.execute(() -> listener.finished(List.copyOf(all))));
            }
        }

        @Override
        public void onError(String message) {
            end.with(() -> uiThread.execute(() -> listener.failed(message)));
        }
    }
}
