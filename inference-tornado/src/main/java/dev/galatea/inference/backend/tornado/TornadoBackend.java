package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.kernels.StepLayout;
import dev.galatea.inference.model.GptjConfig;
import dev.galatea.inference.model.GptjModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GPT-J on a TornadoVM device: every forward pass and decode step is one execution of one
 * {@link TornadoStepPlan}. The device holds the weights (sent once) and {@code slots} KV caches; a
 * {@link KvCache} of this backend is one slot. Per execution only the step description goes in (token id,
 * position and slot of each row, plus any pending cache copies) and the logits and final hidden states come out.
 */
public final class TornadoBackend implements Backend {
    private final String name;
    private final GptjConfig config;
    private final GptjStep program;
    private final StepRunner runner;
    private final int[] step;
    private final Slot[] slots;
    private final List<PendingCopy> pendingCopies = new ArrayList<>();
    private boolean closed;

    /** The source positions are copied into the target slot at the start of the next execution. */
    private record PendingCopy(int source, int target, int length) {}

    TornadoBackend(String name, GptjStep program, StepRunner runner) {
        this.name = name;
        this.config = program.config();
        this.program = program;
        this.runner = runner;
        this.step = program.step();
        this.slots = new Slot[program.settings().slots()];
    }

    /** Puts {@code model} on the default TornadoVM device, with the default settings. */
    public static TornadoBackend open(GptjModel model) {
        return open(model, TornadoSettings.defaults(model.config().nPositions()));
    }

    /**
     * Puts {@code model} on the default TornadoVM device. Fails with a one-line reason when there is no usable
     * TornadoVM, when the model does not fit the device or the heap, or when a kernel does not compile. The weights
     * are copied, so {@code model} may be closed once this returns.
     */
    public static TornadoBackend open(GptjModel model, TornadoSettings settings) {
        TornadoAvailability availability = TornadoAvailability.probe();
        TornadoDeviceInfo device = availability.device().orElseThrow(
                () -> new GalateaException("--backend tornado: " + availability.reason()));
        StepFootprint footprint = StepFootprint.of(model.config(), settings);
        footprint.requireFits(device, settings);
        Runtime heap = Runtime.getRuntime();
        footprint.requireHeap(heap.maxMemory() - (heap.totalMemory() - heap.freeMemory()));
        GptjStep program = new GptjStep(model.config(), DeviceWeights.copy(model), settings);
        return new TornadoBackend(device.backendName(), program, TornadoStepPlan.compile(program, device));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GptjConfig config() {
        return config;
    }

    @Override
    public synchronized KvCache newCache(int capacity) {
        requireOpen();
        int contextLength = program.settings().contextLength();
        if (capacity <= 0 || capacity > contextLength) {
            throw new GalateaException("a KV cache of " + capacity + " positions does not fit the tornado backend's"
                    + " contextLength " + contextLength);
        }
        return occupy(capacity, 0);
    }

    @Override
    public synchronized ForwardResult forward(KvCache kvCache, int[] ids, boolean allPositions) {
        Slot cache = own(kvCache);
        if (ids.length == 0) {
            throw new IllegalArgumentException("forward needs at least one token");
        }
        requireTokens(ids);
        requireRoom(cache, ids.length);
        int maxRows = program.settings().maxRows();
        int outputs = allPositions ? ids.length : 1;
        float[][] logits = new float[outputs][];
        float[][] hidden = new float[outputs][];
        for (int start = 0; start < ids.length; start += maxRows) {
            int rows = Math.min(maxRows, ids.length - start);
            beginStep();
            for (int r = 0; r < rows; r++) {
                StepLayout.addRow(step, ids[start + r], cache.length + r, cache.index);
            }
            runner.run();
            cache.length += rows;
            if (allPositions) {
                for (int r = 0; r < rows; r++) {
                    logits[start + r] = logitsRow(r);
                    hidden[start + r] = hiddenRow(r);
                }
            } else if (start + rows == ids.length) {
                logits[0] = logitsRow(rows - 1);
                hidden[0] = hiddenRow(rows - 1);
            }
        }
        return new ForwardResult(logits, hidden);
    }

    @Override
    public synchronized ForwardResult decode(List<KvCache> caches, int[] ids) {
        if (caches.size() != ids.length || ids.length == 0) {
            throw new IllegalArgumentException("decode needs one token per cache, got " + ids.length + " tokens for "
                    + caches.size() + " caches");
        }
        requireTokens(ids);
        Set<Slot> seen = new HashSet<>();
        Slot[] rows = new Slot[ids.length];
        for (int i = 0; i < ids.length; i++) {
            rows[i] = own(caches.get(i));
            if (!seen.add(rows[i])) {
                throw new IllegalArgumentException("decode got the same KV cache twice; each sequence appends one token");
            }
            requireRoom(rows[i], 1);
        }
        int maxRows = program.settings().maxRows();
        float[][] logits = new float[ids.length][];
        float[][] hidden = new float[ids.length][];
        for (int start = 0; start < ids.length; start += maxRows) {
            int count = Math.min(maxRows, ids.length - start);
            beginStep();
            for (int r = 0; r < count; r++) {
                Slot cache = rows[start + r];
                StepLayout.addRow(step, ids[start + r], cache.length, cache.index);
            }
            runner.run();
            for (int r = 0; r < count; r++) {
                rows[start + r].length++;
                logits[start + r] = logitsRow(r);
                hidden[start + r] = hiddenRow(r);
            }
        }
        return new ForwardResult(logits, hidden);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            runner.close();
        }
    }

    /** Starts a step description; copies requested since the last execution run first, on the device. */
    private void beginStep() {
        StepLayout.clear(step);
        for (PendingCopy copy : pendingCopies) {
            StepLayout.addCopy(step, program.settings().maxRows(), copy.source, copy.target, copy.length);
        }
        pendingCopies.clear();
    }

    /** Runs the pending copies now, in an execution without rows. */
    private void flushCopies() {
        beginStep();
        runner.run();
    }

    private float[] logitsRow(int row) {
        int vocab = config.vocabSize();
        return Arrays.copyOfRange(program.logits(), row * vocab, (row + 1) * vocab);
    }

    private float[] hiddenRow(int row) {
        int e = config.nEmbd();
        return Arrays.copyOfRange(program.finalHidden(), row * e, (row + 1) * e);
    }

    private Slot occupy(int capacity, int length) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                slots[i] = new Slot(i, capacity, length);
                return slots[i];
            }
        }
        throw new GalateaException("all " + slots.length + " KV cache slots of the tornado backend are in use;"
                + " close a sequence or raise the tornado slots");
    }

    private Slot own(KvCache kvCache) {
        requireOpen();
        if (!(kvCache instanceof Slot slot) || slot.backend() != this) {
            throw new IllegalArgumentException("this KV cache belongs to another backend");
        }
        if (slots[slot.index] != slot) {
            throw new IllegalStateException("this KV cache was closed");
        }
        return slot;
    }

    private void requireTokens(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new GalateaException("token id " + id + " is outside the model's vocabulary (0.."
                        + (config.vocabSize() - 1) + ")");
            }
        }
    }

    private static void requireRoom(Slot cache, int tokens) {
        if (cache.length + tokens > cache.capacity) {
            throw new GalateaException("the sequence would reach " + (cache.length + tokens) + " positions, beyond its"
                    + " KV cache of " + cache.capacity);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the tornado backend is closed");
        }
    }

    /** One device KV cache slot: positions 0..length-1 of every layer's keys and values. */
    private final class Slot implements KvCache {
        private final int index;
        private final int capacity;
        private int length;

        private Slot(int index, int capacity, int length) {
            this.index = index;
            this.capacity = capacity;
            this.length = length;
        }

        private TornadoBackend backend() {
            return TornadoBackend.this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public int capacity() {
            return capacity;
        }

        @Override
        public KvCache copy() {
            synchronized (TornadoBackend.this) {
                own(this);
                if (pendingCopies.size() == program.settings().maxRows()) {
                    flushCopies();
                }
                int source = index;
                for (PendingCopy pending : pendingCopies) {
                    if (pending.target == index) {
                        source = pending.source;
                    }
                }
                Slot copy = occupy(capacity, length);
                pendingCopies.add(new PendingCopy(source, copy.index, length));
                return copy;
            }
        }

        @Override
        public void truncate(int newLength) {
            synchronized (TornadoBackend.this) {
                own(this);
                if (newLength < 0 || newLength > length) {
                    throw new IllegalArgumentException("cannot truncate a KV cache of " + length + " positions to " + newLength);
                }
                length = newLength;
            }
        }

        @Override
        public void close() {
            synchronized (TornadoBackend.this) {
                if (closed || slots[index] != this) {
                    return;
                }
                pendingCopies.removeIf(pending -> pending.target == index);
                if (pendingCopies.stream().anyMatch(pending -> pending.source == index)) {
                    flushCopies();
                }
                slots[index] = null;
            }
        }
    }
}
