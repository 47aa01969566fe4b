package dev.galatea.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.generation.GenerationQueue;
import dev.galatea.ui.generation.ModelSummary;
import dev.galatea.ui.generation.ReplyEngine;
import dev.galatea.ui.generation.ReplyHandle;
import dev.galatea.ui.generation.ReplyListener;
import dev.galatea.ui.generation.ReplyRequest;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenAlternative;
import dev.galatea.ui.generation.TokenEvent;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComparisonRunTest {

    /** One model serving replies and comparisons, driven by hand: every start waits in {@link #started}. */
    private static final class HandDrivenModel implements ReplyEngine, ComparisonEngine {
        record Run(String prompt, ReplyListener reply, ComparisonListener comparison) {
        }

        final BlockingQueue<Run> started = new LinkedBlockingQueue<>();
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public ModelSummary model() {
            return new ModelSummary("hand", 1, "float32", "cpu", true, "hand", 2048);
        }

        @Override
        public int countTokens(String text) {
            return text.length();
        }

        @Override
        public ReplyHandle generate(ReplyRequest request, ReplyListener listener) {
            log.add("reply " + request.prompt());
            started.add(new Run(request.prompt(), listener, null));
            return () -> log.add("cancel reply " + request.prompt());
        }

        @Override
        public ReplyHandle compare(ComparisonRequest request, ComparisonListener listener) {
            log.add("compare " + request.prompt() + " x" + request.columns().size());
            started.add(new Run(request.prompt(), null, listener));
            return () -> {
                log.add("cancel compare " + request.prompt());
                for (int i = 0; i < request.columns().size(); i++) {
                    listener.onColumnDone(i, new ReplyResult("", "cancelled", 1, 0, 0, 0, 0));
                }
            };
        }

        Run next() throws InterruptedException {
            Run run = started.poll(5, TimeUnit.SECONDS);
            assertThat(run).as("a generation should have started").isNotNull();
            return run;
        }
    }

    /** What the view would hear, as lines. */
    private static final class Recorder implements ComparisonRun.Listener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void queuePosition(int ahead) {
            heard.add("ahead " + ahead);
        }

        @Override
        public void promptRead(int read, int total) {
            heard.add("read " + read + "/" + total);
        }

        @Override
        public void token(int column, TokenEvent token) {
            heard.add("token " + column + token.text());
        }

        @Override
        public void finished(List<ComparedColumn> columns) {
            heard.add("finished " + columns.stream().map(c -> c.label() + ":" + c.finishReason() + ":" + c.text()
                    + ":" + c.tokenCount()).toList());
        }

        @Override
        public void failed(String message) {
            heard.add("failed " + message);
        }
    }

    /** Hears nothing but the end of a chat reply. */
    private static final GenerationQueue.Listener SILENT_REPLY = new GenerationQueue.Listener() {
        @Override
        public void onQueuePosition(int ahead) {
        }

        @Override
        public void onToken(TokenEvent token) {
        }

        @Override
        public void onDone(ReplyResult result) {
        }

        @Override
        public void onError(String message) {
        }
    };

    private static final List<ComparisonRun.ColumnSpec> TWO_COLUMNS = List.of(
            new ComparisonRun.ColumnSpec("Pygmalion", GenerationSettings.PYGMALION_DEFAULTS, 1),
            new ComparisonRun.ColumnSpec("Greedy", GenerationSettings.PYGMALION_DEFAULTS, 2));

    private final HandDrivenModel model = new HandDrivenModel();
    private final GenerationQueue queue = new GenerationQueue(model);

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void aComparisonWaitsBehindAChatReplyHearingItsPlaceAndHoldsTheModelUntilEveryColumnEnds() throws Exception {
        queue.submit(reply("chat of another user"), SILENT_REPLY);
        HandDrivenModel.Run chatReply = model.next();
        Recorder recorder = new Recorder();

        start("compared prompt", recorder);
        queue.submit(reply("reply behind the comparison"), SILENT_REPLY);

        assertThat(recorder.heard).containsExactly("ahead 1");
        assertThat(model.started).isEmpty();
        chatReply.reply().onDone(new ReplyResult(" ok", "eos", 1, 0, 0, 1, 5));
        HandDrivenModel.Run comparison = model.next();
        assertThat(comparison.prompt()).isEqualTo("compared prompt");
        comparison.comparison().onPromptRead(0, 15);
        comparison.comparison().onPromptRead(15, 15);
        comparison.comparison().onToken(1, token(" b"));
        comparison.comparison().onToken(0, token(" a"));
        comparison.comparison().onColumnDone(0, new ReplyResult(" a", "eos", 1, 0, 0, 1, 5));
        assertThat(queue.size()).as("the comparison still holds the model with one column going").isEqualTo(2);
        assertThat(model.started).isEmpty();
        comparison.comparison().onColumnDone(1, new ReplyResult(" b", "length", 1, 0, 0, 1, 5));

        assertThat(model.next().prompt()).isEqualTo("reply behind the comparison");
        assertThat(recorder.heard).containsExactly("ahead 1", "ahead 0", "read 0/15", "read 15/15", "token 1 b", "token 0 a",
                "finished [Pygmalion:eos: a:1, Greedy:length: b:1]");
        assertThat(model.log).containsExactly("reply chat of another user", "compare compared prompt x2",
                "reply reply behind the comparison");
    }

    @Test
    void cancellingAWaitingComparisonLeavesTheLineWithEveryColumnCancelledAndEmpty() throws Exception {
        queue.submit(reply("chat of another user"), SILENT_REPLY);
        HandDrivenModel.Run chatReply = model.next();
        Recorder recorder = new Recorder();
        ComparisonRun run = start("compared prompt", recorder);

        run.cancel();
        chatReply.reply().onDone(new ReplyResult(" ok", "eos", 1, 0, 0, 1, 5));
        queue.submit(reply("next"), SILENT_REPLY);

        assertThat(model.next().prompt()).isEqualTo("next");
        assertThat(recorder.heard).containsExactly("ahead 1",
                "finished [Pygmalion:cancelled::0, Greedy:cancelled::0]");
        assertThat(model.log).containsExactly("reply chat of another user", "reply next");
    }

    @Test
    void cancellingARunningComparisonStopsTheEngineAndFreesTheModel() throws Exception {
        Recorder recorder = new Recorder();
        ComparisonRun run = start("compared prompt", recorder);
        HandDrivenModel.Run comparison = model.next();
        comparison.comparison().onToken(0, token(" a"));

        run.cancel();
        queue.submit(reply("next"), SILENT_REPLY);

        assertThat(model.next().prompt()).isEqualTo("next");
        assertThat(recorder.heard).containsExactly("ahead 0", "token 0 a",
                "finished [Pygmalion:cancelled::1, Greedy:cancelled::0]");
        assertThat(model.log).containsExactly("compare compared prompt x2", "cancel compare compared prompt",
                "reply next");
    }

    @Test
    void aFailedComparisonFreesTheModelForTheNextInLine() throws Exception {
        Recorder recorder = new Recorder();
        start("compared prompt", recorder);
        HandDrivenModel.Run comparison = model.next();
        queue.submit(reply("next"), SILENT_REPLY);

        comparison.comparison().onError("the batch does not fit in memory");

        assertThat(model.next().prompt()).isEqualTo("next");
        assertThat(recorder.heard).containsExactly("ahead 0", "failed the batch does not fit in memory");
    }

    private ComparisonRun start(String prompt, Recorder recorder) {
        return ComparisonRun.start(queue, model, prompt, TWO_COLUMNS, 16, List.of("\nYou:"), Runnable::run,
                recorder);
    }

    private static ReplyRequest reply(String prompt) {
        return new ReplyRequest(prompt, GenerationSettings.PYGMALION_DEFAULTS, 1, List.of("\nYou:"));
    }

    private static TokenEvent token(String text) {
        return new TokenEvent(1, text, -0.1, List.of(new TokenAlternative(text, 0.9)));
    }
}
