package dev.galatea.inference.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.galatea.inference.backend.tornado.TornadoAvailability;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The fp16 decode as TornadoVM compiles it, on its default device: every bit pattern through the embed kernel.
 * The plain-Java decode can be exact while the generated OpenCL C is not (TornadoVM once turned the sign of a
 * short into a constant). Needs an SDK: TORNADOVM_HOME and the JVM flags, see the tornadovm-device-tests profile.
 */
class TornadoFp16OnDeviceTest {
    @Test
    void deviceDecodesEveryFiniteFp16PatternExactly() throws Exception {
        assumeTrue(System.getenv("TORNADOVM_HOME") != null,
                "TORNADOVM_HOME is not set: skipping the TornadoVM device tests (Fp16Test checks the Java body)");
        TornadoAvailability availability = TornadoAvailability.probe();
        assertTrue(availability.available(), availability.summary());
        int patterns = 1 << 16;
        short[] wte = new short[patterns];
        for (int p = 0; p < patterns; p++) {
            wte[p] = (short) p;
        }
        float[] hidden = new float[patterns];
        int[] step = KernelData.step(1, new int[] {0}, new int[] {0}, new int[] {0});
        float[] scales = Fp16.exponentScales();
        TaskGraph graph = new TaskGraph("fp16")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, wte, step, scales)
                .task("embed", ElementwiseKernels::embed, wte, hidden, step, scales, patterns, 1)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, hidden);
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.execute();
        }
        for (int p = 0; p < patterns; p++) {
            short h = (short) p;
            if (!Fp16.isNonFinite(h)) {
                float expected = Float.float16ToFloat(h);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(hidden[p]),
                        () -> String.format("fp16 0x%04x should decode to %s on %s", h, expected, availability.summary()));
            }
        }
    }
}
