package dev.galatea.inference.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.model.GptjConfig;
import java.lang.reflect.Array;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepFootprintTest {
    private static final TornadoSettings SETTINGS = new TornadoSettings(8, 3, 64, 32, TornadoSettings.MatMulForm.WORK_GROUP, Optional.empty());
    private static final StepFootprint FOOTPRINT = StepFootprint.of(GptjConfig.read(TinyGptj.MODEL), SETTINGS);

    /** The estimate made before loading must be the bytes of every array the step's tasks actually touch. */
    @Test
    void footprintIsTheSizeOfEveryArrayTheStepUses() {
        GptjStep step = TinyGptj.step(SETTINGS);
        Set<Object> arrays = TinyGptj.arraysOf(step);
        long total = 0;
        long largest = 0;
        for (Object array : arrays) {
            long bytes = bytes(array);
            total += bytes;
            largest = Math.max(largest, bytes);
        }
        long parameters = step.parameters().stream().mapToLong(StepFootprintTest::bytes).sum();
        assertEquals(FOOTPRINT.total(), total);
        assertEquals(FOOTPRINT.parameters(), parameters);
        assertEquals(FOOTPRINT.largestArray(), largest);
        assertEquals(2L * 2 * 3 * 64 * 64 * Float.BYTES, FOOTPRINT.kvCache(), "keys and values, 2 layers, 3 slots × 64 positions × 64");
    }

    @Test
    void deviceTooSmallIsRefusedWithWhatTheModelNeedsAndWhatTheDeviceHas() {
        TornadoDeviceInfo device = new TornadoDeviceInfo("Tiny GPU", "opencl", "GPU", 8L << 20, 1L << 30);
        GalateaException e = assertThrows(GalateaException.class, () -> FOOTPRINT.requireFits(device, SETTINGS));
        assertEquals("the model needs 14.6 MiB of device memory (weights 12.7 MiB, KV cache 0.2 MiB for 3 sequences of 64"
                + " positions, activations 1.8 MiB), but Tiny GPU has 8.0 MiB; lower the tornado slots or contextLength,"
                + " or use --backend cpu", e.getMessage());
    }

    @Test
    void bufferAboveTheDevicesLargestAllocationIsRefused() {
        TornadoDeviceInfo device = new TornadoDeviceInfo("Tiny GPU", "opencl", "GPU", 64L << 30, 4L << 20);
        GalateaException e = assertThrows(GalateaException.class, () -> FOOTPRINT.requireFits(device, SETTINGS));
        assertEquals("the model's largest buffer needs 6.2 MiB, but Tiny GPU allocates at most 4.0 MiB at once;"
                + " use --backend cpu", e.getMessage());
    }

    @Test
    void heapTooSmallForTheDeviceMirrorIsRefused() {
        GalateaException e = assertThrows(GalateaException.class, () -> FOOTPRINT.requireHeap(10L << 20));
        assertEquals("the tornado backend keeps a heap copy of its 14.6 MiB of device buffers, but only 10.0 MiB of"
                + " Java heap is free; raise -Xmx or lower the tornado slots or contextLength", e.getMessage());
    }

    @Test
    void contextBeyondTheModelsPositionsIsRefused() {
        TornadoSettings settings = new TornadoSettings(8, 3, 257, 32, TornadoSettings.MatMulForm.WORK_GROUP, Optional.empty());
        GalateaException e = assertThrows(GalateaException.class,
                () -> StepFootprint.of(GptjConfig.read(TinyGptj.MODEL), settings));
        assertEquals("tornado contextLength 257 exceeds n_positions 256 in config.json", e.getMessage());
    }

    @Test
    void cacheLargerThanAJavaArrayIsRefused() {
        TornadoSettings settings = new TornadoSettings(8, 200_000, 256, 32, TornadoSettings.MatMulForm.WORK_GROUP, Optional.empty());
        GalateaException e = assertThrows(GalateaException.class,
                () -> StepFootprint.of(GptjConfig.read(TinyGptj.MODEL), settings));
        assertEquals("tornado slots × contextLength × n_embd = 3276800000 elements is more than one Java array holds;"
                + " lower the tornado slots, contextLength or maxRows", e.getMessage());
    }

    private static long bytes(Object array) {
        int element = switch (array) {
            case short[] ignored -> Short.BYTES;
            case int[] ignored -> Integer.BYTES;
            case float[] ignored -> Float.BYTES;
            default -> throw new AssertionError("unexpected array " + array.getClass());
        };
        return (long) Array.getLength(array) * element;
    }
}
