package dev.galatea.inference.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.model.GptjModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernels compiled by TornadoVM and run on its default device (a GPU, or PoCL's CPU OpenCL driver).
 * Needs an SDK: TORNADOVM_HOME and the JVM flags, see the tornadovm-device-tests profile in the pom.
 */
class TornadoBackendOnDeviceTest {
    private static final List<TinyGptj.Case> CASES = TinyGptj.goldenCases();

    @BeforeEach
    void requireTornadoVm() {
        assumeTrue(System.getenv("TORNADOVM_HOME") != null,
                "TORNADOVM_HOME is not set: skipping the TornadoVM device tests (the kernels' Java bodies are tested on the host)");
        TornadoAvailability availability = TornadoAvailability.probe();
        assertTrue(availability.available(), availability.summary());
    }

    @ParameterizedTest
    @EnumSource(TornadoSettings.MatMulForm.class)
    void deviceReproducesTheGoldenLogitsAndGreedyIds(TornadoSettings.MatMulForm form) {
        try (GptjModel model = GptjModel.load(TinyGptj.MODEL);
             TornadoBackend backend = TornadoBackend.open(model, new TornadoSettings(8, 3, 64, 32, form, Optional.empty()))) {
            assertTrue(backend.name().startsWith("tornado-"), backend.name());
            for (TinyGptj.Case c : CASES) {
                try (KvCache cache = backend.newCache(64)) {
                    float[] logits = backend.forward(cache, c.inputIds(), false).lastLogits();
                    double difference = TinyGptj.maxAbsDifference(c.lastLogits(), logits);
                    assertTrue(difference <= 2e-3, backend.name() + ", " + form + ": max |Δlogit| " + difference);
                    int[] ids = new int[c.greedyNewIds().length];
                    ids[0] = TinyGptj.argmax(logits);
                    KvCache copy = cache.copy();
                    for (int i = 1; i < ids.length; i++) {
                        ids[i] = TinyGptj.argmax(backend.decode(List.of(copy), new int[] {ids[i - 1]}).lastLogits());
                    }
                    copy.close();
                    assertArrayEquals(c.greedyNewIds(), ids, backend.name() + ", " + form);
                }
            }
        }
    }
}
