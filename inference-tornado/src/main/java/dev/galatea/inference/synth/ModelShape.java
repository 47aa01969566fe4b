package dev.galatea.inference.synth;

import dev.galatea.inference.GalateaException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The GPT-J hyper-parameters of a synthetic checkpoint: a named shape, or key=value overrides of the tiny one. */
public record ModelShape(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, int rotaryDim, int nInner) {

    /** EleutherAI GPT-J-6B, the shape of Pygmalion-6B. */
    public static final ModelShape GPTJ_6B = new ModelShape(50400, 2048, 4096, 28, 16, 64, 16384);

    /** The demo model: the real vocabulary and context, everything else as small as GPT-J allows. */
    public static final ModelShape TINY = new ModelShape(50400, 2048, 64, 2, 4, 8, 256);

    /** "gptj-6b", "tiny", or overrides of tiny such as "n_embd=256,n_layer=4,n_head=8". */
    public static ModelShape parse(String spec) {
        if (spec.equals("gptj-6b")) {
            return GPTJ_6B;
        }
        if (spec.equals("tiny")) {
            return TINY;
        }
        // Filled one by one: Map.of's iteration order changes from run to run, and the error message lists these keys.
        Map<String, Integer> keys = new LinkedHashMap<>();
        keys.put("vocab_size", TINY.vocabSize);
        keys.put("n_positions", TINY.nPositions);
        keys.put("n_embd", TINY.nEmbd);
        keys.put("n_layer", TINY.nLayer);
        keys.put("n_head", TINY.nHead);
        keys.put("rotary_dim", TINY.rotaryDim);
        Integer nInner = null;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2 || !(keys.containsKey(kv[0]) || kv[0].equals("n_inner"))) {
                throw new GalateaException("--shape: \"" + part + "\" is not gptj-6b, tiny, or key=value with a key among "
                        + keys.keySet() + " and n_inner");
            }
            int value;
            try {
                value = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new GalateaException("--shape: " + kv[0] + " must be a positive integer, not \"" + kv[1] + "\"");
            }
            if (value <= 0) {
                throw new GalateaException("--shape: " + kv[0] + " must be a positive integer, not " + value);
            }
            if (kv[0].equals("n_inner")) {
                nInner = value;
            } else {
                keys.put(kv[0], value);
            }
        }
        int nEmbd = keys.get("n_embd");
        int nHead = keys.get("n_head");
        int rotaryDim = keys.get("rotary_dim");
        if (nEmbd % nHead != 0 || rotaryDim > nEmbd / nHead || rotaryDim % 2 != 0) {
            throw new GalateaException("--shape: n_embd " + nEmbd + " must divide into n_head " + nHead
                    + " heads, and rotary_dim " + rotaryDim + " must be even and at most the head size");
        }
        return new ModelShape(keys.get("vocab_size"), keys.get("n_positions"), nEmbd, keys.get("n_layer"), nHead,
                rotaryDim, nInner == null ? 4 * nEmbd : nInner);
    }

    public long parameterCount() {
        long perLayer = 2L * nEmbd + 4L * nEmbd * nEmbd + (long) nInner * nEmbd + nInner + (long) nEmbd * nInner + nEmbd;
        return (long) vocabSize * nEmbd + nLayer * perLayer + 2L * nEmbd + (long) vocabSize * nEmbd + vocabSize;
    }
}
