package dev.galatea.inference.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.GalateaException;
import org.junit.jupiter.api.Test;

class ModelShapeTest {

    @Test
    void namedShapesAreGptj6bAndTheTinyDemo() {
        assertSame(ModelShape.GPTJ_6B, ModelShape.parse("gptj-6b"));
        assertSame(ModelShape.TINY, ModelShape.parse("tiny"));
        assertEquals(new ModelShape(50400, 2048, 4096, 28, 16, 64, 16384), ModelShape.GPTJ_6B);
    }

    @Test
    void gptj6bHasSixBillionParametersCountedTensorByTensor() {
        long wte = 50400L * 4096;
        long layer = 2 * 4096 // ln_1
                + 4L * 4096 * 4096 // q_proj, k_proj, v_proj, out_proj (no biases)
                + 16384L * 4096 + 16384 // fc_in
                + 4096L * 16384 + 4096; // fc_out
        long lnF = 2 * 4096;
        long lmHead = 50400L * 4096 + 50400;
        assertEquals(6_050_882_784L, wte + 28 * layer + lnF + lmHead);
        assertEquals(6_050_882_784L, ModelShape.GPTJ_6B.parameterCount());
    }

    @Test
    void overridesChangeOnlyTheNamedKeysOfTiny() {
        assertEquals(new ModelShape(50400, 2048, 32, 1, 2, 4, 128), ModelShape.parse("n_embd=32,n_layer=1,n_head=2,rotary_dim=4"));
        assertEquals(new ModelShape(1000, 128, 64, 2, 4, 8, 100), ModelShape.parse("vocab_size=1000, n_positions=128, n_inner=100"));
    }

    @Test
    void badOverridesNameTheKey() {
        assertEquals("--shape: n_layer must be a positive integer, not 0",
                assertThrows(GalateaException.class, () -> ModelShape.parse("n_layer=0")).getMessage());
        assertEquals("--shape: n_head must be a positive integer, not \"four\"",
                assertThrows(GalateaException.class, () -> ModelShape.parse("n_head=four")).getMessage());
        assertEquals("--shape: n_embd 64 must divide into n_head 4 heads, and rotary_dim 7 must be even and at most the head size",
                assertThrows(GalateaException.class, () -> ModelShape.parse("rotary_dim=7")).getMessage());
        assertEquals("--shape: \"n_embed=32\" is not gptj-6b, tiny, or key=value with a key among "
                        + "[vocab_size, n_positions, n_embd, n_layer, n_head, rotary_dim] and n_inner",
                assertThrows(GalateaException.class, () -> ModelShape.parse("n_embed=32")).getMessage());
    }
}
