package dev.galatea.inference.model;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.checkpoint.Checkpoint;
import dev.galatea.inference.checkpoint.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The GPT-J parameters of a checkpoint, found by their Hugging Face names and checked against config.json.
 * Linear weights keep PyTorch's layout: {@code [out_features, in_features]}, one output per row.
 */
public record GptjWeights(Tensor wte, List<Layer> layers, Tensor lnFWeight, Tensor lnFBias, Tensor lmHeadWeight, Tensor lmHeadBias) {

    /** One {@code transformer.h.{i}} block. GPT-J's q/k/v/out projections have no bias. */
    public record Layer(
            Tensor ln1Weight,
            Tensor ln1Bias,
            Tensor qProj,
            Tensor kProj,
            Tensor vProj,
            Tensor outProj,
            Tensor fcInWeight,
            Tensor fcInBias,
            Tensor fcOutWeight,
            Tensor fcOutBias) {

        Stream<Tensor> tensors() {
            return Stream.of(ln1Weight, ln1Bias, qProj, kProj, vProj, outProj, fcInWeight, fcInBias, fcOutWeight, fcOutBias);
        }
    }

    public GptjWeights {
        layers = List.copyOf(layers);
    }

    /** Every parameter tensor, embeddings first, as a decode step reads them. */
    public Stream<Tensor> tensors() {
        return Stream.of(
                        Stream.of(wte),
                        layers.stream().flatMap(Layer::tensors),
                        Stream.of(lnFWeight, lnFBias, lmHeadWeight, lmHeadBias))
                .flatMap(s -> s);
    }

    /**
     * Looks up every GPT-J tensor of {@code config} in {@code checkpoint}. A missing tensor, a tensor that does not
     * hold floating-point parameters, or one whose shape disagrees with config.json is an error naming it.
     */
    public static GptjWeights bind(Checkpoint checkpoint, GptjConfig config) {
        Binder b = new Binder(checkpoint, config);
        long e = config.nEmbd();
        long inner = config.nInner();
        long vocab = config.vocabSize();
        Tensor wte = b.get("transformer.wte.weight", vocab, e);
        List<Layer> layers = new ArrayList<>(config.nLayer());
        for (int i = 0; i < config.nLayer(); i++) {
            String p = "transformer.h." + i + ".";
            layers.add(new Layer(
                    b.get(p + "ln_1.weight", e),
                    b.get(p + "ln_1.bias", e),
                    b.get(p + "attn.q_proj.weight", e, e),
                    b.get(p + "attn.k_proj.weight", e, e),
                    b.get(p + "attn.v_proj.weight", e, e),
                    b.get(p + "attn.out_proj.weight", e, e),
                    b.get(p + "mlp.fc_in.weight", inner, e),
                    b.get(p + "mlp.fc_in.bias", inner),
                    b.get(p + "mlp.fc_out.weight", e, inner),
                    b.get(p + "mlp.fc_out.bias", e)));
        }
        return new GptjWeights(
                wte,
                layers,
                b.get("transformer.ln_f.weight", e),
                b.get("transformer.ln_f.bias", e),
                b.get("lm_head.weight", vocab, e),
                b.get("lm_head.bias", vocab));
    }

    private record Binder(Checkpoint checkpoint, GptjConfig config) {
        Tensor get(String name, long... expected) {
            Tensor t = checkpoint.tensor(name);
            if (!t.dtype().isParameterType()) {
                throw new GalateaException(checkpoint.directory() + ": tensor " + name + " holds " + t.dtype()
                        + "; GPT-J parameters must be F16, BF16 or F32");
            }
            if (!Arrays.equals(t.shape(), expected)) {
                throw new GalateaException(checkpoint.directory() + ": tensor " + name + " has shape " + t.shapeString()
                        + " but config.json (n_embd " + config.nEmbd() + ", n_inner " + config.nInner() + ", vocab_size "
                        + config.vocabSize() + ") expects " + Arrays.toString(expected));
            }
            return t;
        }
    }
}
