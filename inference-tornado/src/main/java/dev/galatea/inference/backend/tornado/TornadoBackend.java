package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.kernels.StepLayout;
import dev.galatea.inference.model.GptjConfig;
import dev.galatea.inference.model.GptjModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GPT-J on a TornadoVM device: every forward pass and decode step is one execution of one
 * {@link TornadoStepPlan}. The device holds the weights (sent once) and {@code slots} KV caches; a
 * {@link KvCache} of this backend is one slot. Per execution only the step description goes in (token id,
 * position and slot of each row, plus any pending cache copies), and the logits and final hidden states come out:
 * of the last row alone when that is all the caller needs, as in a single sequence's decode step.
 */
public final class TornadoBackend implements Backend {
    private final TornadoDeviceInfo device;
    private final GptjConfig config;
    private final GptjStep program;
    private final StepRunner runner;
    private final int[] step;
    private final Slot[] slots;
    private final List<PendingCopy> pendingCopies = new ArrayList<>();
    private final String matMulChoice;
    private final Optional<Path> kernelListing;
    private boolean closed;

    /** The source positions are copied into the target slot at the start of the next execution. */
    private record PendingCopy(int source, int target, int length) {}

    /**
     * @param matMulChoice  which matrix kernel runs, and why: what {@link #describe()} reports
     * @param kernelListing the file holding the generated kernels, when the settings asked for one
     */
    TornadoBackend(TornadoDeviceInfo device, GptjStep program, StepRunner runner, String matMulChoice,
                   Optional<Path> kernelListing) {
        this.device = device;
        this.config = program.config();
        this.program = program;
        this.runner = runner;
        this.step = program.step();
        this.slots = new Slot[program.settings().slots()];
        this.matMulChoice = matMulChoice;
        this.kernelListing = kernelListing;
    }

    /**
     * Puts {@code model} on the default TornadoVM device with the model's full context and what {@code options}
     * asks for; the matrix kernel, unless asked for, is the one for the device's type.
     */
    public static TornadoBackend open(GptjModel model, TornadoOptions options) {
        TornadoDeviceInfo device = defaultDevice();
        TornadoSettings settings = TornadoSettings.of(model.config().nPositions(), options, device);
        String choice = options.matMulForm().isPresent() ? "as asked"
                : settings.matMulForm() == TornadoSettings.MatMulForm.PARALLEL
                        ? "one work-item per output, the faster form on a CPU OpenCL device"
                        : "work-group reductions, the form for a " + device.type() + " device";
        return open(model, settings, device, settings.matMulForm() + " matmuls (" + choice + ")");
    }

    /**
     * Puts {@code model} on the default TornadoVM device. Fails with a one-line reason when there is no usable
     * TornadoVM, when the model does not fit the device or the heap, or when a kernel does not compile. The weights
     * are copied, so {@code model} may be closed once this returns.
     */
    public static TornadoBackend open(GptjModel model, TornadoSettings settings) {
        return open(model, settings, defaultDevice(), settings.matMulForm() + " matmuls (as set)");
    }

    private static TornadoDeviceInfo defaultDevice() {
        TornadoAvailability availability = TornadoAvailability.probe();
        return availability.device().orElseThrow(() -> new GalateaException("--backend tornado: " + availability.reason()));
    }

    private static TornadoBackend open(GptjModel model, TornadoSettings settings, TornadoDeviceInfo device,
                                       String matMulChoice) {
        StepFootprint footprint = StepFootprint.of(model.config(), settings);
        footprint.requireFits(device, settings);
        Runtime heap = Runtime.getRuntime();
        footprint.requireHeap(heap.maxMemory() - (heap.totalMemory() - heap.freeMemory()));
        GptjStep program = new GptjStep(model.config(), DeviceWeights.copy(model), settings);
        Optional<KernelListing> listing = settings.printKernels().map(d -> KernelListing.start(System.getProperties()));
        TornadoStepPlan plan = TornadoStepPlan.compile(program, device, listing.isPresent());
        Optional<Path> kernels = listing.map(l -> l.moveTo(settings.printKernels().orElseThrow(), device.backend()));
        return new TornadoBackend(device, program, plan, matMulChoice, kernels);
    }

    /** The device, and which matrix kernel runs on it and why: one line for the log. */
    public String describe() {
        return "TornadoVM device " + device.describe() + "; " + matMulChoice;
    }

    public TornadoDeviceInfo device() {
        return device;
    }

    public TornadoSettings settings() {
        return program.settings();
    }

    /**
     * The device's memory bandwidth in bytes per second, measured by {@link DeviceBandwidth} with two buffers of
     * {@code bufferBytes} beside the model, which stays on the device.
     */
    public synchronized double memoryBandwidth(long bufferBytes, int passes) {
        requireOpen();
        long free = device.globalMemory() - StepFootprint.of(config, program.settings()).total();
        long length = bufferBytes / Float.BYTES;
        String buffers = "two bandwidth buffers of " + StepFootprint.size(bufferBytes);
        if (2 * bufferBytes > free || bufferBytes > device.maxAllocation() || length > Integer.MAX_VALUE - 8) {
            throw new GalateaException(buffers + " do not fit on " + device.name() + " beside the model ("
                    + StepFootprint.size(free) + " free, at most " + StepFootprint.size(device.maxAllocation())
                    + " in one buffer); lower --bandwidth-buffer-mib");
        }
        Runtime heap = Runtime.getRuntime();
        if (2 * bufferBytes > heap.maxMemory() - (heap.totalMemory() - heap.freeMemory())) {
            throw new GalateaException(buffers + " need their heap copies, and the Java heap has less free;"
                    + " lower --bandwidth-buffer-mib or raise -Xmx");
        }
        return DeviceBandwidth.bytesPerSecond(device, (int) length, passes);
    }

    /** The file with the OpenCL C / PTX of every kernel of the step, when {@code printKernels} asked for it. */
    public Optional<Path> kernelListing() {
        return kernelListing;
    }

    @Override
    public String name() {
        return device.backendName();
    }

    @Override
    public GptjConfig config() {
        return config;
    }

    @Override
    public synchronized KvCache newCache(int capacity) {
        requireOpen();
        requireContext(capacity);
        return occupy(capacity, 0);
    }

    private void requireContext(int capacity) {
        int contextLength = program.settings().contextLength();
        if (capacity <= 0 || capacity > contextLength) {
            throw new GalateaException("a KV cache of " + capacity + " positions does not fit the tornado backend's"
                    + " contextLength " + contextLength);
        }
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
            boolean last = start + rows == ids.length;
            beginStep();
            for (int r = 0; r < rows; r++) {
                StepLayout.addRow(step, ids[start + r], cache.length + r, cache.index);
            }
            StepRunner.Output output = allPositions ? StepRunner.Output.ALL_ROWS
                    : last ? StepRunner.Output.LAST_ROW : StepRunner.Output.NONE;
            runner.run(output);
            cache.length += rows;
            if (allPositions) {
                for (int r = 0; r < rows; r++) {
                    logits[start + r] = logitsRow(output, r);
                    hidden[start + r] = hiddenRow(output, r);
                }
            } else if (last) {
                logits[0] = logitsRow(output, rows - 1);
                hidden[0] = hiddenRow(output, rows - 1);
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
            StepRunner.Output output = count == 1 ? StepRunner.Output.LAST_ROW : StepRunner.Output.ALL_ROWS;
            runner.run(output);
            for (int r = 0; r < count; r++) {
                rows[start + r].length++;
                logits[start + r] = logitsRow(output, r);
                hidden[start + r] = hiddenRow(output, r);
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
        runner.run(StepRunner.Output.NONE);
    }

    /** Row {@code row} of the logits an execution brought back ({@code output} LAST_ROW: the last row's). */
    private float[] logitsRow(StepRunner.Output output, int row) {
        int vocab = config.vocabSize();
        return output == StepRunner.Output.LAST_ROW ? program.lastLogits().clone()
                : Arrays.copyOfRange(program.logits(), row * vocab, (row + 1) * vocab);
    }

    private float[] hiddenRow(StepRunner.Output output, int row) {
        int e = config.nEmbd();
        return output == StepRunner.Output.LAST_ROW ? program.lastHidden().clone()
                : Arrays.copyOfRange(program.finalHidden(), row * e, (row + 1) * e);
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
        public KvCache copy(int copyCapacity) {
            synchronized (TornadoBackend.this) {
                own(this);
                if (copyCapacity < length) {
                    throw new IllegalArgumentException("a copy of " + copyCapacity + " positions cannot hold the " + length + " cached");
                }
                requireContext(copyCapacity);
                if (pendingCopies.size() == program.settings().maxRows()) {
                    flushCopies();
                }
                int source = index;
                for (PendingCopy pending : pendingCopies) {
                    if (pending.target == index) {
                        source = pending.source;
                    }
                }
                Slot copy = occupy(copyCapacity, length);
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
