package dev.galatea.ui.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.galatea.chat.settings.GenerationSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GenerationQueueTest {

    /** An engine the test drives by hand: each generate() call waits in {@link #started} until the test ends it. */
    private static final class HandDrivenEngine implements ReplyEngine {
        record Run(ReplyRequest request, ReplyListener listener, List<String> events) {
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
            Run run = new Run(request, listener, new CopyOnWriteArrayList<>());
            log.add("start " + request.prompt());
            started.add(run);
            return () -> {
                log.add("cancel " + request.prompt());
                listener.onDone(new ReplyResult("partial", "cancelled", 1, 0, 0, 1, 1));
            };
        }

        Run next() throws InterruptedException {
            Run run = started.poll(5, TimeUnit.SECONDS);
            assertThat(run).as("a generation should have started").isNotNull();
            return run;
        }
    }

    /** Records what a submitter hears, as lines. */
    private static class Recorder implements GenerationQueue.Listener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void onQueuePosition(int ahead) {
            heard.add("ahead " + ahead);
        }

        @Override
        public void onToken(TokenEvent token) {
            heard.add("token " + token.text());
        }

        @Override
        public void onDone(ReplyResult result) {
            heard.add("done " + result.finishReason() + " " + result.text());
        }

        @Override
        public void onError(String message) {
            heard.add("error " + message);
        }
    }

    private final HandDrivenEngine engine = new HandDrivenEngine();
    private final GenerationQueue queue = new GenerationQueue(engine);

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void generationsRunOneAtATimeInArrivalOrderAndWaitersHearTheirPlace() throws Exception {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Recorder third = new Recorder();
        queue.submit(request("a"), first);
        HandDrivenEngine.Run runA = engine.next();
        queue.submit(request("b"), second);
        queue.submit(request("c"), third);

        assertThat(engine.started).isEmpty();
        assertThat(second.heard).containsExactly("ahead 1");
        assertThat(third.heard).containsExactly("ahead 2");

        runA.listener().onToken(token(" hi"));
        runA.listener().onDone(new ReplyResult(" hi", "eos", 1, 0, 0, 1, 5));
        HandDrivenEngine.Run runB = engine.next();
        assertThat(runB.request().prompt()).isEqualTo("b");
        awaitHeard(third, "ahead 1");
        runB.listener().onDone(new ReplyResult("", "length", 1, 0, 0, 1, 5));
        HandDrivenEngine.Run runC = engine.next();
        assertThat(runC.request().prompt()).isEqualTo("c");
        runC.listener().onDone(new ReplyResult("", "eos", 1, 0, 0, 1, 5));

        assertThat(first.heard).containsExactly("ahead 0", "token  hi", "done eos  hi");
        assertThat(second.heard).containsExactly("ahead 1", "ahead 0", "done length ");
        assertThat(third.heard).containsExactly("ahead 2", "ahead 1", "ahead 0", "done eos ");
        assertThat(engine.log).containsExactly("start a", "start b", "start c");
    }

    @Test
    void cancellingAWaitingGenerationTakesItOutOfLineAndMovesTheOthersUp() throws Exception {
        Recorder running = new Recorder();
        Recorder leaving = new Recorder();
        Recorder staying = new Recorder();
        queue.submit(request("a"), running);
        HandDrivenEngine.Run runA = engine.next();
        GenerationQueue.Ticket b = queue.submit(request("b"), leaving);
        queue.submit(request("c"), staying);

        b.cancel();

        assertThat(leaving.heard).containsExactly("ahead 1", "done cancelled ");
        assertThat(staying.heard).containsExactly("ahead 2", "ahead 1");
        runA.listener().onDone(new ReplyResult("", "eos", 1, 0, 0, 1, 5));
        assertThat(engine.next().request().prompt()).isEqualTo("c");
        assertThat(engine.log).containsExactly("start a", "start c");
    }

    @Test
    void cancellingTheRunningGenerationStopsTheEngineAndKeepsItsText() throws Exception {
        Recorder recorder = new Recorder();
        GenerationQueue.Ticket ticket = queue.submit(request("a"), recorder);
        engine.next();

        ticket.cancel();
        ticket.cancel();

        awaitHeard(recorder, "done cancelled partial");
        assertThat(recorder.heard).containsExactly("ahead 0", "done cancelled partial");
        assertThat(engine.log).containsExactly("start a", "cancel a");
    }

    @Test
    void aFailingListenerDoesNotStallTheLine() throws Exception {
        GenerationQueue.Listener broken = new Recorder() {
            @Override
            public void onDone(ReplyResult result) {
                throw new IllegalStateException("the page is gone");
            }
        };
        Recorder next = new Recorder();
        queue.submit(request("a"), broken);
        HandDrivenEngine.Run runA = engine.next();
        queue.submit(request("b"), next);

        runA.listener().onDone(new ReplyResult("", "eos", 1, 0, 0, 1, 5));

        assertThat(engine.next().request().prompt()).isEqualTo("b");
    }

    private static void awaitHeard(Recorder recorder, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!recorder.heard.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(recorder.heard).contains(line);
    }

    private static ReplyRequest request(String prompt) {
        return new ReplyRequest(prompt, GenerationSettings.PYGMALION_DEFAULTS, 1, List.of("\nYou:"));
    }

    private static TokenEvent token(String text) {
        return new TokenEvent(1, text, -0.1, List.of(new TokenAlternative(text, 0.9)));
    }
}
