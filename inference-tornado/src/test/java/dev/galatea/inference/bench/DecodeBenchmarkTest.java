package dev.galatea.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.cpu.CpuBackend;
import dev.galatea.inference.generate.CacheTrackingBackend;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.model.ModelFixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeBenchmarkTest {

    @Test
    void warmsUpThenPrefillsOnceThenDecodesEveryStepForTheWholeBatchAndFreesItsCaches() {
        try (GptjModel model = GptjModel.load(ModelFixtures.directory(ModelFixtures.BF16_SHARDED));
             CpuBackend cpu = new CpuBackend(model)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(cpu);
            DecodeBenchmark.Result result = DecodeBenchmark.run(backend, 16, 5, 3, 42);
            List<String> expected = new ArrayList<>(List.of("forward", "close 1", "forward"));
            expected.addAll(Collections.nCopies(DecodeBenchmark.WARMUP_STEPS + 5, "decode"));
            expected.addAll(List.of("close 0", "close 2", "close 3"));
            assertEquals(expected, backend.log);
            assertEquals(4, backend.handedOut.size());
            assertEquals(new DecodeBenchmark.Result(16, 5, 3, result.prefillSeconds(), result.decodeSeconds()), result);
            assertTrue(result.prefillSeconds() > 0 && result.decodeSeconds() > 0);
            assertEquals(16 / result.prefillSeconds(), result.prefillTokensPerSecond(), 1e-9 * result.prefillTokensPerSecond());
            assertEquals(15 / result.decodeSeconds(), result.decodeTokensPerSecond(), 1e-9 * result.decodeTokensPerSecond());
        }
    }

    @Test
    void theProbeRunsBeforeTheTimedStepsAfterEverySixteenAndAfterTheLast() {
        try (GptjModel model = GptjModel.load(ModelFixtures.directory(ModelFixtures.BF16_SHARDED));
             CpuBackend cpu = new CpuBackend(model)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(cpu);
            DecodeBenchmark.run(backend, 8, 37, 1, 42, () -> backend.log.add("probe"));
            List<String> expected = new ArrayList<>(List.of("forward", "close 1", "forward"));
            expected.addAll(Collections.nCopies(DecodeBenchmark.WARMUP_STEPS, "decode"));
            for (int steps : new int[] {16, 16, 5}) {
                expected.add("probe");
                expected.addAll(Collections.nCopies(steps, "decode"));
            }
            expected.addAll(List.of("probe", "close 0"));
            assertEquals(expected, backend.log);
        }
    }

    @Test
    void promptAndStepsMustFitTheContext() {
        try (GptjModel model = GptjModel.load(ModelFixtures.directory(ModelFixtures.TORCHBIN));
             CpuBackend cpu = new CpuBackend(model)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(cpu);
            assertEquals("a KV cache of " + (65 + DecodeBenchmark.WARMUP_STEPS)
                            + " positions does not fit this model: config.json n_positions is 64",
                    assertThrows(GalateaException.class,
                            () -> DecodeBenchmark.run(backend, 60, 5, 1, 1)).getMessage());
            assertEquals(0, backend.openCaches());
        }
    }
}
