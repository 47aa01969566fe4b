package dev.galatea.inference.backend.cpu;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.backend.cpu.Matmul.Output;
import dev.galatea.inference.checkpoint.Tensor;
import dev.galatea.inference.model.GptjConfig;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.model.GptjWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * GPT-J on the CPU with the Vector API, as HF's {@code GPTJForCausalLM} computes it: per layer one ln_1 whose output
 * feeds both attention (partial interleaved rotary on q and k, causal softmax in fp32) and the MLP (fc_in, gelu_new,
 * fc_out), both added to the residual; then ln_f and lm_head with its bias.
 * <p>
 * Weights stay memory-mapped in their stored dtype. Each pass runs its rows (prompt positions, or one position
 * for each sequence of a batch) together through every layer, so each weight is read once per pass.
 * Passes are serialised: one pass already keeps every core busy.
 */
public final class CpuBackend implements Backend {
    private static final int DEFAULT_ROWS_PER_PASS = 256;
    /** Rows that share one read of lm_head (its 50400 rows are the largest matrix). */
    private static final int HEAD_ROWS = 32;

    private record Layer(LayerNorm ln1, Linear qProj, Linear kProj, Linear vProj, Linear outProj, Linear fcIn, Linear fcOut) {}

    /** The activations of one pass, reused from pass to pass. */
    private static final class Scratch {
        final int rows;
        final float[] x;
        final float[] h;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] attn;
        final float[] mlp;
        final float[] finalHidden;
        final float[] logits;

        Scratch(GptjConfig config, int rows) {
            this.rows = rows;
            int e = config.nEmbd();
            x = new float[rows * e];
            h = new float[rows * e];
            q = new float[rows * e];
            k = new float[rows * e];
            v = new float[rows * e];
            attn = new float[rows * e];
            mlp = new float[rows * config.nInner()];
            finalHidden = new float[HEAD_ROWS * e];
            logits = new float[HEAD_ROWS * config.vocabSize()];
        }
    }

    private final GptjConfig config;
    private final Tensor wte;
    private final List<Layer> layers;
    private final LayerNorm lnF;
    private final Linear lmHead;
    private final Rotary rotary;
    private final Parallel parallel;
    private final Matmul matmul;
    private final int rowsPerPass;
    private final Object lock = new Object();
    private Scratch scratch;
    private boolean closed;

    /** A backend on every core. The model must stay open while the backend is used. */
    public CpuBackend(GptjModel model) {
        this(model, Runtime.getRuntime().availableProcessors(), DEFAULT_ROWS_PER_PASS);
    }

    /**
     * @param threads     cores to use
     * @param rowsPerPass the most rows a pass runs through the layers together; longer prompts run in several
     *                    passes, which bounds the activation memory
     */
    public CpuBackend(GptjModel model, int threads, int rowsPerPass) {
        if (rowsPerPass < 1) {
            throw new IllegalArgumentException("rowsPerPass must be at least 1, not " + rowsPerPass);
        }
        this.config = model.config();
        GptjWeights w = model.weights();
        float eps = config.layerNormEpsilon();
        this.wte = w.wte();
        List<Layer> bound = new ArrayList<>(config.nLayer());
        for (GptjWeights.Layer l : w.layers()) {
            bound.add(new Layer(
                    new LayerNorm(Linear.floats(l.ln1Weight()), Linear.floats(l.ln1Bias()), eps),
                    Linear.of(l.qProj()),
                    Linear.of(l.kProj()),
                    Linear.of(l.vProj()),
                    Linear.of(l.outProj()),
                    Linear.of(l.fcInWeight(), l.fcInBias()),
                    Linear.of(l.fcOutWeight(), l.fcOutBias())));
        }
        this.layers = List.copyOf(bound);
        this.lnF = new LayerNorm(Linear.floats(w.lnFWeight()), Linear.floats(w.lnFBias()), eps);
        this.lmHead = Linear.of(w.lmHeadWeight(), w.lmHeadBias());
        this.rotary = new Rotary(config.rotaryDim(), config.headDim(), config.nPositions());
        this.rowsPerPass = rowsPerPass;
        this.parallel = new Parallel(threads);
        this.matmul = new Matmul(parallel);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public GptjConfig config() {
        return config;
    }

    /** Threads the passes run on. */
    public int threads() {
        return parallel.threads();
    }

    @Override
    public KvCache newCache(int capacity) {
        if (capacity < 1 || capacity > config.nPositions()) {
            throw new GalateaException("a KV cache of " + capacity + " positions does not fit this model: config.json n_positions is "
                    + config.nPositions());
        }
        return new CpuKvCache(this, config.nLayer(), config.nHead(), config.headDim(), capacity);
    }

    @Override
    public ForwardResult forward(KvCache kvCache, int[] ids, boolean allPositions) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("forward needs at least one token id");
        }
        checkIds(ids);
        int outRows = allPositions ? ids.length : 1;
        float[][] logits = new float[outRows][];
        float[][] hidden = new float[outRows][];
        synchronized (lock) {
            CpuKvCache cache = own(kvCache);
            if (!cache.fits(ids.length)) {
                throw contextFull(cache, ids.length);
            }
            for (int start = 0; start < ids.length; start += rowsPerPass) {
                int rows = Math.min(rowsPerPass, ids.length - start);
                CpuKvCache[] caches = new CpuKvCache[rows];
                int[] positions = new int[rows];
                for (int i = 0; i < rows; i++) {
                    caches[i] = cache;
                    positions[i] = cache.length() + i;
                }
                Scratch s = pass(caches, positions, Arrays.copyOfRange(ids, start, start + rows));
                cache.advance(rows);
                if (allPositions) {
                    head(s, 0, rows, logits, hidden, start);
                } else if (start + rows == ids.length) {
                    head(s, rows - 1, rows, logits, hidden, 0);
                }
            }
        }
        return new ForwardResult(logits, hidden);
    }

    @Override
    public ForwardResult decode(List<KvCache> kvCaches, int[] ids) {
        if (kvCaches.size() != ids.length) {
            throw new IllegalArgumentException(kvCaches.size() + " KV caches but " + ids.length + " token ids");
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("decode needs at least one sequence");
        }
        checkIds(ids);
        float[][] logits = new float[ids.length][];
        float[][] hidden = new float[ids.length][];
        synchronized (lock) {
            CpuKvCache[] all = new CpuKvCache[ids.length];
            Set<CpuKvCache> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < all.length; i++) {
                all[i] = own(kvCaches.get(i));
                if (!distinct.add(all[i])) {
                    throw new IllegalArgumentException("sequence " + i + " repeats a KV cache of the batch");
                }
                if (!all[i].fits(1)) {
                    throw contextFull(all[i], 1);
                }
            }
            for (int start = 0; start < ids.length; start += rowsPerPass) {
                int rows = Math.min(rowsPerPass, ids.length - start);
                CpuKvCache[] caches = Arrays.copyOfRange(all, start, start + rows);
                int[] positions = new int[rows];
                for (int i = 0; i < rows; i++) {
                    positions[i] = caches[i].length();
                }
                Scratch s = pass(caches, positions, Arrays.copyOfRange(ids, start, start + rows));
                for (CpuKvCache c : caches) {
                    c.advance(1);
                }
                head(s, 0, rows, logits, hidden, start);
            }
        }
        return new ForwardResult(logits, hidden);
    }

    /**
     * Runs row {@code i} (token {@code ids[i]} at {@code positions[i]} of {@code caches[i]}) through every layer,
     * storing its key and value; leaves the final residual stream in {@code x}. Callers hold the lock.
     */
    private Scratch pass(CpuKvCache[] caches, int[] positions, int[] ids) {
        if (closed) {
            throw new IllegalStateException("the CPU backend is closed");
        }
        int rows = ids.length;
        if (scratch == null || scratch.rows < rows) {
            scratch = new Scratch(config, rows);
        }
        Scratch s = scratch;
        int e = config.nEmbd();
        for (int i = 0; i < rows; i++) {
            StoredFloats.copy(wte.data(), wte.dtype(), (long) ids[i] * e, s.x, i * e, e);
        }
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            layer.ln1().apply(s.x, 0, s.h, 0, rows);
            matmul.apply(layer.qProj(), s.h, rows, s.q, Output.STORE);
            matmul.apply(layer.kProj(), s.h, rows, s.k, Output.STORE);
            matmul.apply(layer.vProj(), s.h, rows, s.v, Output.STORE);
            for (int i = 0; i < rows; i++) {
                rotary.apply(s.q, i * e, config.nHead(), positions[i]);
                rotary.apply(s.k, i * e, config.nHead(), positions[i]);
                caches[i].store(l, positions[i], s.k, s.v, i * e);
            }
            attend(l, caches, positions, rows, s);
            // Parallel block: attention and MLP both read ln_1's output h and are both added to the residual x.
            matmul.apply(layer.outProj(), s.attn, rows, s.x, Output.ADD);
            matmul.apply(layer.fcIn(), s.h, rows, s.mlp, Output.GELU);
            matmul.apply(layer.fcOut(), s.mlp, rows, s.x, Output.ADD);
        }
        return s;
    }

    private void attend(int layer, CpuKvCache[] caches, int[] positions, int rows, Scratch s) {
        int heads = config.nHead();
        int headDim = config.headDim();
        int e = config.nEmbd();
        int items = rows * heads;
        parallel.forEach(items, parallel.grainFor(items), (from, to) -> {
            for (int item = from; item < to; item++) {
                int i = item / heads;
                int h = item % heads;
                int at = i * e + h * headDim;
                Attention.attend(caches[i], layer, h, positions[i], headDim, s.q, at, s.attn, at, Attention.scores(positions[i] + 1));
            }
        });
    }

    /** ln_f and lm_head for pass rows {@code [from, to)}, written to {@code logits} and {@code hidden} from {@code outRow}. */
    private void head(Scratch s, int from, int to, float[][] logits, float[][] hidden, int outRow) {
        int e = config.nEmbd();
        int vocab = config.vocabSize();
        for (int g = from; g < to; g += HEAD_ROWS) {
            int n = Math.min(HEAD_ROWS, to - g);
            lnF.apply(s.x, g, s.finalHidden, 0, n);
            matmul.apply(lmHead, s.finalHidden, n, s.logits, Output.STORE);
            for (int i = 0; i < n; i++) {
                int row = outRow + g - from + i;
                logits[row] = Arrays.copyOfRange(s.logits, i * vocab, (i + 1) * vocab);
                hidden[row] = Arrays.copyOfRange(s.finalHidden, i * e, (i + 1) * e);
            }
        }
    }

    private CpuKvCache own(KvCache cache) {
        if (!(cache instanceof CpuKvCache c) || c.owner() != this) {
            throw new IllegalArgumentException("the KV cache was not made by this CPU backend");
        }
        c.ensureOpen();
        return c;
    }

    private void checkIds(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new GalateaException("token id " + id + " is outside the model's vocabulary (config.json vocab_size "
                        + config.vocabSize() + ")");
            }
        }
    }

    private static GalateaException contextFull(CpuKvCache cache, int more) {
        return new GalateaException("the context is full: " + cache.length() + " cached positions + " + more
                + " new exceed the KV cache's " + cache.capacity());
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                scratch = null;
                parallel.close();
            }
        }
    }
}
