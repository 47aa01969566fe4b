package dev.galatea.inference.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.tornado.TornadoSettings.MatMulForm;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TornadoSettingsTest {
    private static final TornadoDeviceInfo POCL =
            new TornadoDeviceInfo("pthread-skylake-avx512-AMD EPYC", "opencl", "CPU", 20L << 30, 4L << 30);
    private static final TornadoDeviceInfo H100 = new TornadoDeviceInfo("NVIDIA H100", "ptx", "GPU", 80L << 30, 20L << 30);

    /** PoCL decoded the 154 M-parameter synthetic model 1.7 times faster with PARALLEL than with WORK_GROUP. */
    @Test
    void theMatrixKernelFollowsTheDeviceTypeUnlessOneIsAskedFor() {
        assertEquals(new TornadoSettings(32, 4, 2048, 128, MatMulForm.PARALLEL, Optional.empty()),
                TornadoSettings.of(2048, TornadoOptions.DEFAULT, POCL));
        assertEquals(MatMulForm.WORK_GROUP, TornadoSettings.of(2048, TornadoOptions.DEFAULT, H100).matMulForm());
        assertEquals(MatMulForm.WORK_GROUP, MatMulForm.forDeviceType("ACCELERATOR"));
        TornadoOptions asked = new TornadoOptions(3, Optional.of(MatMulForm.WORK_GROUP), Optional.of(Path.of("kernels")));
        assertEquals(new TornadoSettings(32, 3, 2048, 128, MatMulForm.WORK_GROUP, Optional.of(Path.of("kernels"))),
                TornadoSettings.of(2048, asked, POCL));
    }

    @Test
    void aRunWithoutSequencesIsRefused() {
        assertEquals("the tornado backend needs room for at least one sequence, not 0", assertThrows(GalateaException.class,
                () -> new TornadoOptions(0, Optional.empty(), Optional.empty())).getMessage());
    }
}
