package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.kernels.AttentionKernels;
import dev.galatea.inference.kernels.Fp16;
import dev.galatea.inference.kernels.StepLayout;
import dev.galatea.inference.model.GptjConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One GPT-J step over up to {@code maxRows} positions as a fixed list of kernel launches over fixed buffers:
 * embed, then per layer ln_1 → q/k/v → rotary → KV copy and store → scores → softmax → weighted values →
 * out_proj, with fc_in → gelu_new → fc_out beside it on the same ln_1 output, and the parallel residual; then
 * ln_f → lm_head → its bias, and the last row of the logits and of ln_f's output copied apart. Only
 * {@link #step()} changes between executions; what comes back is the last row ({@link #lastLogits()},
 * {@link #lastHidden()}) or every row ({@link #logits()}, {@link #finalHidden()}), whichever the caller needs.
 */
final class GptjStep {
    /** Work-items of the KV copy kernel: small, so a step without copies launches almost nothing. */
    static final int COPY_WORK_ITEMS = 16384;
    static final int COPY_GROUP = 256;

    private final GptjConfig config;
    private final TornadoSettings settings;
    private final DeviceWeights weights;
    private final int[] step;
    private final float[] scales;
    private final float[] rope;
    private final float[] normed;
    private final float[] logits;
    private final float[] lastLogits;
    private final float[] lastHidden;
    private final List<float[]> deviceBuffers = new ArrayList<>();
    private final List<StepTask> tasks = new ArrayList<>();

    GptjStep(GptjConfig config, DeviceWeights weights, TornadoSettings settings) {
        StepFootprint.of(config, settings); // refuses settings the model or a Java array cannot take
        this.config = config;
        this.settings = settings;
        this.weights = weights;
        int e = config.nEmbd();
        int rows = settings.maxRows();
        int capacity = settings.contextLength();
        int group = settings.workGroupSize();
        int cacheLength = settings.slots() * capacity * e;
        step = new int[StepLayout.length(rows)];
        scales = Fp16.exponentScales();
        rope = AttentionKernels.rotaryTable(capacity, config.rotaryDim());
        float[] hidden = deviceBuffer(rows * e);
        normed = new float[rows * e];
        float[] query = deviceBuffer(rows * e);
        float[] key = deviceBuffer(rows * e);
        float[] value = deviceBuffer(rows * e);
        float[] context = deviceBuffer(rows * e);
        float[] attentionOut = deviceBuffer(rows * e);
        float[] mlpHidden = deviceBuffer(rows * config.nInner());
        float[] mlpOut = deviceBuffer(rows * e);
        float[] scores = deviceBuffer(rows * config.nHead() * capacity);
        logits = new float[rows * config.vocabSize()];
        float attentionScale = (float) (1.0 / Math.sqrt(config.headDim()));

        tasks.add(new StepTask.Embed("embed", weights.wte(), hidden, step, scales, e, rows));
        for (int i = 0; i < config.nLayer(); i++) {
            DeviceWeights.Layer w = weights.layers().get(i);
            float[] keyCache = deviceBuffer(cacheLength);
            float[] valueCache = deviceBuffer(cacheLength);
            String l = "l" + i + "_";
            tasks.add(new StepTask.LayerNorm(l + "ln_1", hidden, normed, w.ln1Weight(), w.ln1Bias(), step, e,
                    config.layerNormEpsilon(), group, rows));
            tasks.add(matMul(l + "q_proj", w.qProj(), normed, query, e, e));
            tasks.add(matMul(l + "k_proj", w.kProj(), normed, key, e, e));
            tasks.add(matMul(l + "v_proj", w.vProj(), normed, value, e, e));
            tasks.add(new StepTask.Rotary(l + "rotary", query, key, rope, step, config.headDim(), config.rotaryDim(),
                    config.nHead() * config.rotaryDim() / 2, e, rows));
            tasks.add(new StepTask.KvCopy(l + "kv_copy", keyCache, valueCache, step, capacity, e, rows,
                    COPY_WORK_ITEMS, COPY_GROUP));
            tasks.add(new StepTask.KvStore(l + "kv_store", key, value, keyCache, valueCache, step, capacity, e, rows));
            tasks.add(new StepTask.AttentionScores(l + "attn_scores", query, keyCache, scores, step, config.nHead(),
                    config.headDim(), capacity, attentionScale, rows));
            tasks.add(new StepTask.AttentionSoftmax(l + "attn_softmax", scores, step, config.nHead(), capacity, group, rows));
            tasks.add(new StepTask.AttentionValues(l + "attn_values", scores, valueCache, context, step, config.nHead(),
                    config.headDim(), capacity, rows));
            tasks.add(matMul(l + "out_proj", w.outProj(), context, attentionOut, e, e));
            tasks.add(matMul(l + "fc_in", w.fcIn(), normed, mlpHidden, config.nInner(), e));
            tasks.add(new StepTask.GeluNewWithBias(l + "gelu", mlpHidden, w.fcInBias(), step, config.nInner(), rows));
            tasks.add(matMul(l + "fc_out", w.fcOut(), mlpHidden, mlpOut, e, config.nInner()));
            tasks.add(new StepTask.Residual(l + "residual", hidden, attentionOut, mlpOut, w.fcOutBias(), step, e, rows));
        }
        tasks.add(new StepTask.LayerNorm("ln_f", hidden, normed, weights.lnFWeight(), weights.lnFBias(), step, e,
                config.layerNormEpsilon(), group, rows));
        tasks.add(matMul("lm_head", weights.lmHead(), normed, logits, config.vocabSize(), e));
        tasks.add(new StepTask.AddBias("lm_head_bias", logits, weights.lmHeadBias(), step, config.vocabSize(), rows));
        lastLogits = new float[config.vocabSize()];
        lastHidden = new float[e];
        tasks.add(new StepTask.LastRow("lm_head_last", logits, lastLogits, step, config.vocabSize()));
        tasks.add(new StepTask.LastRow("ln_f_last", normed, lastHidden, step, e));
    }

    private float[] deviceBuffer(int length) {
        float[] buffer = new float[length];
        deviceBuffers.add(buffer);
        return buffer;
    }

    private StepTask matMul(String name, short[] weight, float[] input, float[] output, int outDim, int inDim) {
        return new StepTask.MatMul(name, settings.matMulForm(), weight, input, output, step, scales, outDim, inDim,
                settings.workGroupSize(), settings.maxRows());
    }

    GptjConfig config() {
        return config;
    }

    TornadoSettings settings() {
        return settings;
    }

    List<StepTask> tasks() {
        return tasks;
    }

    /** The step description: the one array sent every execution. */
    int[] step() {
        return step;
    }

    /** {@code [maxRows][vocab_size]}: received when the caller needs every row. */
    float[] logits() {
        return logits;
    }

    /** {@code [maxRows][n_embd]}, the ln_f output after an execution: received when the caller needs every row. */
    float[] finalHidden() {
        return normed;
    }

    /** {@code [vocab_size]}, the logits of the step's last row: received when that row is all the caller needs. */
    float[] lastLogits() {
        return lastLogits;
    }

    /** {@code [n_embd]}, the ln_f output of the step's last row: received with {@link #lastLogits()}. */
    float[] lastHidden() {
        return lastHidden;
    }

    /** Everything read-only the kernels use: sent on the first execution only. */
    List<Object> parameters() {
        List<Object> all = new ArrayList<>();
        all.add(scales);
        all.add(rope);
        all.add(weights.wte());
        for (DeviceWeights.Layer w : weights.layers()) {
            all.addAll(List.of(w.ln1Weight(), w.ln1Bias(), w.qProj(), w.kProj(), w.vProj(), w.outProj(), w.fcIn(),
                    w.fcInBias(), w.fcOut(), w.fcOutBias()));
        }
        all.addAll(List.of(weights.lnFWeight(), weights.lnFBias(), weights.lmHead(), weights.lmHeadBias()));
        return all;
    }

    /**
     * The activations and KV caches the kernels pass to each other: TornadoVM allocates them on the device at the
     * first execution, and no execution sends or receives them again.
     */
    List<float[]> deviceBuffers() {
        return deviceBuffers;
    }

    /** Runs every task as plain Java, in order: what the device computes, for the CI tests. */
    void runOnHost() {
        for (StepTask task : tasks) {
            task.runOnHost();
        }
    }
}
