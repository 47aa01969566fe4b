package dev.galatea.inference.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * The per-element steps of GPT-J: the token embedding, gelu_new, the residual sum and the lm_head bias, and the
 * copy of the step's last row.
 */
public final class ElementwiseKernels {
    /** sqrt(2/π), as Hugging Face's NewGELUActivation writes it. */
    private static final float GELU_SCALE = (float) Math.sqrt(2.0 / Math.PI);

    private ElementwiseKernels() {}

    /** {@code hidden[r] = wte[token of row r]}, decoded from fp16. */
    public static void embed(short[] wte, float[] hidden, int[] step, float[] scales, int dim, int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int c = 0; c < dim; c++) {
                if (r < StepLayout.rows(step)) {
                    hidden[r * dim + c] = Fp16.decode(wte[StepLayout.token(step, r) * dim + c], scales);
                }
            }
        }
    }

    /** {@code x = gelu_new(x + bias)} in place: fc_in's bias, then GPT-J's tanh approximation of GELU. */
    public static void geluNewWithBias(float[] x, float[] bias, int[] step, int width, int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int c = 0; c < width; c++) {
                if (r < StepLayout.rows(step)) {
                    float v = x[r * width + c] + bias[c];
                    x[r * width + c] = 0.5f * v * (1f + TornadoMath.tanh(GELU_SCALE * (v + 0.044715f * v * v * v)));
                }
            }
        }
    }

    /**
     * GPT-J's parallel residual: {@code hidden += attn_out + (mlp_out + fc_out bias)}, attention and MLP both
     * having read the same ln_1 output.
     */
    public static void residual(float[] hidden, float[] attention, float[] mlp, float[] mlpBias, int[] step, int dim,
                                int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int c = 0; c < dim; c++) {
                if (r < StepLayout.rows(step)) {
                    int at = r * dim + c;
                    hidden[at] = attention[at] + (mlp[at] + mlpBias[c]) + hidden[at];
                }
            }
        }
    }

    /** {@code x[r] += bias}: lm_head's bias on the logits. */
    public static void addBias(float[] x, float[] bias, int[] step, int width, int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int c = 0; c < width; c++) {
                if (r < StepLayout.rows(step)) {
                    x[r * width + c] += bias[c];
                }
            }
        }
    }

    /**
     * {@code last = rows[R - 1]}, the step's last row of {@code width} values: all that a single sequence's
     * decode step or the end of a prompt needs back from the device, a {@code maxRows}-th of the whole array.
     */
    public static void lastRow(float[] rows, float[] last, int[] step, int width) {
        for (@Parallel int c = 0; c < width; c++) {
            if (StepLayout.rows(step) > 0) {
                last[c] = rows[(StepLayout.rows(step) - 1) * width + c];
            }
        }
    }
}
