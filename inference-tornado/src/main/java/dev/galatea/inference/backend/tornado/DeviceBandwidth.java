package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.kernels.MemoryKernels;
import java.util.Arrays;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.exceptions.TornadoBailoutRuntimeException;
import uk.ac.manchester.tornado.api.exceptions.TornadoCompilationException;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;
import uk.ac.manchester.tornado.api.exceptions.TornadoInternalError;
import uk.ac.manchester.tornado.api.exceptions.TornadoMemoryException;
import uk.ac.manchester.tornado.api.exceptions.TornadoOutOfMemoryException;

/**
 * The default TornadoVM device's memory bandwidth, as its own kernels see it: a copy between two buffers that
 * stay on the device, timed from the launch until the device has finished, bytes read plus bytes written. The
 * best of several passes is the ceiling a weight-streaming decode step on that device can approach.
 */
final class DeviceBandwidth {
    private static final float FILL = 1.5f;

    private DeviceBandwidth() {}

    /** @param length floats in each of the two buffers */
    static double bytesPerSecond(TornadoDeviceInfo device, int length, int passes) {
        float[] source = new float[length];
        float[] target = new float[length];
        float[] seen = new float[1];
        Arrays.fill(source, FILL);
        TaskGraph graph = new TaskGraph("bandwidth")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, source, target)
                .task("copy", MemoryKernels::copy, source, target, length)
                .task("seen", MemoryKernels::lastElement, target, seen, length)
                .transferToHost(DataTransferMode.UNDER_DEMAND, seen);
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.execute().transferToHost(seen); // compiles both kernels and sends the buffers
            if (seen[0] != FILL) {
                throw new IllegalStateException("the copy kernel on " + device.name() + " left " + seen[0] + " where "
                        + FILL + " belongs");
            }
            double best = 0;
            for (int pass = 0; pass < passes; pass++) {
                long started = System.nanoTime();
                plan.execute().transferToHost(seen);
                double seconds = (System.nanoTime() - started) / 1e9;
                best = Math.max(best, 2.0 * Float.BYTES * length / seconds);
            }
            plan.freeDeviceMemory();
            return best;
        } catch (TornadoBailoutRuntimeException | TornadoCompilationException | TornadoInternalError e) {
            throw new GalateaException(device.backendName() + " on " + device.name() + ": TornadoVM could not compile"
                    + " the bandwidth copy kernel (" + TornadoAvailability.oneLine(e) + ")", e);
        } catch (TornadoOutOfMemoryException | TornadoMemoryException e) {
            throw new GalateaException(device.backendName() + " on " + device.name() + ": out of device memory for the"
                    + " bandwidth buffers (" + TornadoAvailability.oneLine(e) + "); lower --bandwidth-buffer-mib", e);
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("TornadoVM could not release the bandwidth plan on " + device.name(), e);
        }
    }
}
