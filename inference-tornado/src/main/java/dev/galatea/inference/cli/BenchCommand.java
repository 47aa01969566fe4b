package dev.galatea.inference.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.tornado.TornadoBackend;
import dev.galatea.inference.bench.ChatTurnBenchmark;
import dev.galatea.inference.bench.DecodeBenchmark;
import dev.galatea.inference.bench.MemoryBandwidth;
import dev.galatea.inference.bench.ProcessMemory;
import dev.galatea.inference.model.GptjConfig;
import dev.galatea.inference.model.GptjModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure load time, prefill and decode speed, peak RSS, and decode throughput as a fraction of "
                + "the memory-bandwidth roofline (bandwidth / weight bytes read per token), measured in the same run: "
                + "of host memory for the cpu backend, of the device's memory (a TornadoVM copy kernel) for tornado. "
                + "The cpu backend's decode is also reported against a plain read of host memory (read_roofline_fraction). "
                + "Last, a chat's next turn (the prompt, a reply of " + ChatTurnBenchmark.REPLY_TOKENS + " tokens and a message of "
                + ChatTurnBenchmark.MESSAGE_TOKENS + ") is timed to its first token with the last prompt's KV cache kept, "
                + "as the app keeps it (turn_prefill_seconds, against prefill_seconds of the prompt alone)."})
final class BenchCommand implements Runnable {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--prompt-tokens", defaultValue = "512", description = "Prompt length to prefill (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--new-tokens", defaultValue = "64", description = "Decode steps to time (default: ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--batch", defaultValue = "1",
            description = "Sequences decoded together; above 1, a single sequence is timed too and the ratio reported (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--bandwidth-buffer-mib", defaultValue = "1024",
            description = "Buffer the bandwidth measurement copies; it must dwarf the caches to measure memory (default: ${DEFAULT-VALUE}).")
    int bandwidthBufferMib;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (promptTokens < 1 || newTokens < 1 || batch < 1 || bandwidthBufferMib < 1) {
            throw new GalateaException("--prompt-tokens, --new-tokens, --batch and --bandwidth-buffer-mib must be at least 1");
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new GalateaException("--format must be text or json, not \"" + format + "\"");
        }
        long started = System.nanoTime();
        try (ModelOptions.LoadedModel loaded = modelOptions.load(spec.commandLine().getErr()::println, batch)) {
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            GptjConfig config = loaded.backend().config();
            int positions = promptTokens + DecodeBenchmark.WARMUP_STEPS + newTokens;
            if (positions > config.nPositions()) {
                throw new GalateaException("--prompt-tokens + --new-tokens + " + DecodeBenchmark.WARMUP_STEPS
                        + " warm-up steps = " + positions + " exceeds the model's context of " + config.nPositions() + " positions");
            }
            if (ChatTurnBenchmark.positions(promptTokens) > config.nPositions()) {
                throw new GalateaException("--prompt-tokens " + promptTokens + " leaves no room in the model's context of "
                        + config.nPositions() + " positions for the chat turn after it (" + ChatTurnBenchmark.REPLY_TOKENS
                        + " tokens of reply and " + ChatTurnBenchmark.MESSAGE_TOKENS + " of message)");
            }
            // The bandwidth is measured just before the timed decode steps, between every few of them and after the
            // last, and the roofline uses the mean: this shared machine's memory changes speed within seconds, and the
            // ratio must compare speeds taken under the same conditions.
            long bandwidthBuffer = (long) bandwidthBufferMib << 20;
            BandwidthProbe probe = new BandwidthProbe(loaded.backend(), bandwidthBuffer);
            ProcessMemory.resetPeak();
            DecodeBenchmark.Result single = DecodeBenchmark.run(loaded.backend(), promptTokens, newTokens, 1, 42, probe);
            long peakRss = probe.modelPeakRss();
            // Right after the timed steps have streamed every weight: whether they were mapped in huge pages
            // changes decode speed by up to 1.9 times here, so every figure says which it got.
            ProcessMemory.FileMappings weights = ProcessMemory.fileMappings(loaded.model().checkpoint().directory());
            DecodeBenchmark.Result batched = batch > 1
                    ? DecodeBenchmark.run(loaded.backend(), promptTokens, newTokens, batch, 42) : null;
            long batchPeakRss = ProcessMemory.peakResidentBytes();
            ChatTurnBenchmark.Result turn = ChatTurnBenchmark.run(loaded.backend(), promptTokens, 43);
            List<Bandwidth> samples = probe.measured();
            DoubleSummaryStatistics copies = samples.stream().mapToDouble(Bandwidth::bytesPerSecond).summaryStatistics();
            double bandwidth = copies.getAverage();
            long bytesPerStep = weightBytesReadPerStep(loaded.model());
            double roofline = bandwidth / bytesPerStep;
            double prefillFlops = prefillFlops(config, promptTokens);
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("model", loaded.model().name());
            json.put("backend", loaded.backend().name());
            if (loaded.backend() instanceof TornadoBackend tornado) {
                json.put("tornado_matmul", tornado.settings().matMulForm().name());
            }
            json.put("dtype", loaded.model().dtype().name());
            json.put("prompt_tokens", promptTokens);
            json.put("new_tokens", newTokens);
            json.put("load_seconds", loadSeconds);
            json.put("prefill_tokens_per_s", single.prefillTokensPerSecond());
            json.put("prefill_gflops_per_s", prefillFlops / single.prefillSeconds() / 1e9);
            json.put("prefill_seconds", single.prefillSeconds());
            json.put("turn_prompt_tokens", turn.promptTokens());
            json.put("turn_cached_tokens", turn.cachedTokens());
            json.put("turn_prefill_seconds", turn.prefillSeconds());
            json.put("decode_tokens_per_s", single.decodeTokensPerSecond());
            json.put("weight_bytes_per_token", bytesPerStep);
            json.put("bandwidth_bytes_per_s", bandwidth);
            json.put("bandwidth_device", samples.get(0).memory());
            json.put("bandwidth_samples", samples.size());
            json.put("bandwidth_fastest_over_slowest", copies.getMax() / copies.getMin());
            json.put("roofline_tokens_per_s", roofline);
            json.put("roofline_fraction", single.decodeTokensPerSecond() / roofline);
            double readBandwidth = samples.stream().mapToDouble(Bandwidth::readBytesPerSecond).average().orElseThrow();
            if (!Double.isNaN(readBandwidth)) {
                json.put("read_bandwidth_bytes_per_s", readBandwidth);
                json.put("read_roofline_fraction", single.decodeTokensPerSecond() / (readBandwidth / bytesPerStep));
            }
            if (batched != null) {
                json.put("batch", batch);
                json.put("batch_decode_tokens_per_s", batched.decodeTokensPerSecond());
                json.put("batch_step_cost_vs_single", batched.decodeSeconds() / single.decodeSeconds());
                json.put("batch_peak_rss_bytes", batchPeakRss);
            }
            json.put("peak_rss_bytes", peakRss);
            json.put("weight_bytes", loaded.model().checkpoint().parameterBytes());
            json.put("weights_resident_bytes", weights.residentBytes());
            json.put("weights_huge_page_fraction", weights.hugePageFraction());
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("json")) {
                out.println(json);
            } else {
                printText(json, out);
            }
            out.flush();
        }
    }

    /** Measures the bandwidth each time it runs, and keeps its buffers out of the model's peak RSS. */
    private static final class BandwidthProbe implements Runnable {
        private final Backend backend;
        private final long bufferBytes;
        private final List<Bandwidth> measured = new ArrayList<>();
        private long peakBefore;

        BandwidthProbe(Backend backend, long bufferBytes) {
            this.backend = backend;
            this.bufferBytes = bufferBytes;
        }

        @Override
        public void run() {
            peakBefore = Math.max(peakBefore, ProcessMemory.peakResidentBytes());
            measured.add(Bandwidth.measure(backend, bufferBytes));
            ProcessMemory.resetPeak(); // the bandwidth buffers are freed, and are not the model's
        }

        List<Bandwidth> measured() {
            return measured;
        }

        /** The peak RSS of the model's own work: between the measurements, before the first and since the last. */
        long modelPeakRss() {
            return Math.max(peakBefore, ProcessMemory.peakResidentBytes());
        }
    }

    /**
     * A STREAM-style copy of the memory the backend streams its weights from, best of five passes: host memory
     * for the cpu backend, device memory through a TornadoVM kernel for tornado. Host memory is also read alone.
     *
     * @param readBytesPerSecond the plain read's rate; NaN for a device
     * @param memory             what was measured
     */
    private record Bandwidth(double bytesPerSecond, double readBytesPerSecond, String memory) {
        private static final int PASSES = 5;

        static Bandwidth measure(Backend backend, long bufferBytes) {
            if (backend instanceof TornadoBackend tornado) {
                return new Bandwidth(tornado.memoryBandwidth(bufferBytes, PASSES), Double.NaN,
                        tornado.device().describe() + ", TornadoVM copy kernel");
            }
            return new Bandwidth(MemoryBandwidth.bytesPerSecond(bufferBytes, PASSES),
                    MemoryBandwidth.readBytesPerSecond(bufferBytes, PASSES),
                    "host memory, " + Runtime.getRuntime().availableProcessors() + " threads copying");
        }
    }

    /** A decode step reads every parameter once, except the embedding table, of which it reads one row per sequence. */
    static long weightBytesReadPerStep(GptjModel model) {
        GptjConfig c = model.config();
        long bytesPerElement = model.dtype().bytes();
        long wte = (long) c.vocabSize() * c.nEmbd() * bytesPerElement;
        return model.checkpoint().parameterBytes() - wte + c.nEmbd() * bytesPerElement;
    }

    /** Matrix work of a prefill: 2 FLOPs per weight per token in the blocks, causal attention, lm_head once. */
    static double prefillFlops(GptjConfig c, int tokens) {
        double perTokenBlock = 2.0 * (4.0 * c.nEmbd() * c.nEmbd() + 2.0 * c.nEmbd() * c.nInner());
        double attention = 2.0 * c.nEmbd() * (double) tokens * (tokens + 1);
        return c.nLayer() * (perTokenBlock * tokens + attention) + 2.0 * c.vocabSize() * c.nEmbd();
    }

    private static void printText(ObjectNode json, PrintWriter out) {
        json.fields().forEachRemaining(field -> out.printf(Locale.ROOT, "%-28s %s%n", field.getKey(),
                field.getValue().isFloatingPointNumber()
                        ? String.format(Locale.ROOT, "%.4g", field.getValue().asDouble())
                        : field.getValue().asText()));
    }
}
