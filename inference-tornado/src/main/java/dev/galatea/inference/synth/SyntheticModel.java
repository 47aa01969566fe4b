package dev.galatea.inference.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.inference.GalateaException;
import dev.galatea.inference.checkpoint.DType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a Hugging Face GPT-J model directory with random weights: config.json, model.safetensors and the
 * GPT-2 tokenizer files Pygmalion-6B ships. The full 6B shape can then be loaded and benchmarked without a download.
 */
public final class SyntheticModel {
    private static final String TOKENIZER_RESOURCES = "/dev/galatea/inference/synth/gpt2-tokenizer/";
    private static final List<String> TOKENIZER_FILES = List.of(
            "vocab.json", "merges.txt", "added_tokens.json", "special_tokens_map.json", "tokenizer_config.json");
    /** HF's GPT-J initializer_range: matrices drawn from N(0, 0.02²). */
    private static final double INIT_STD = 0.02;
    private static final int CHUNK = 1 << 20;

    private SyntheticModel() {}

    private enum Init { NORMAL, ONES, ZEROS }

    private record Spec(String name, long[] shape, Init init) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    public static void write(Path out, ModelShape shape, DType dtype, long seed) {
        if (!dtype.isParameterType()) {
            throw new GalateaException("--dtype must be f16, bf16 or f32, not " + dtype);
        }
        try {
            Files.createDirectories(out);
            writeConfig(out.resolve("config.json"), shape, dtype);
            writeWeights(out.resolve("model.safetensors"), specs(shape), dtype, seed);
            for (String file : TOKENIZER_FILES) {
                try (InputStream in = SyntheticModel.class.getResourceAsStream(TOKENIZER_RESOURCES + file)) {
                    Files.copy(in, out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new GalateaException(out + ": cannot write the synthetic model (" + e.getMessage() + ")", e);
        }
    }

    private static List<Spec> specs(ModelShape s) {
        long v = s.vocabSize(), e = s.nEmbd(), inner = s.nInner();
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec("transformer.wte.weight", new long[] {v, e}, Init.NORMAL));
        for (int i = 0; i < s.nLayer(); i++) {
            String p = "transformer.h." + i + ".";
            specs.add(new Spec(p + "ln_1.weight", new long[] {e}, Init.ONES));
            specs.add(new Spec(p + "ln_1.bias", new long[] {e}, Init.ZEROS));
            for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
                specs.add(new Spec(p + "attn." + proj + ".weight", new long[] {e, e}, Init.NORMAL));
            }
            specs.add(new Spec(p + "mlp.fc_in.weight", new long[] {inner, e}, Init.NORMAL));
            specs.add(new Spec(p + "mlp.fc_in.bias", new long[] {inner}, Init.ZEROS));
            specs.add(new Spec(p + "mlp.fc_out.weight", new long[] {e, inner}, Init.NORMAL));
            specs.add(new Spec(p + "mlp.fc_out.bias", new long[] {e}, Init.ZEROS));
        }
        specs.add(new Spec("transformer.ln_f.weight", new long[] {e}, Init.ONES));
        specs.add(new Spec("transformer.ln_f.bias", new long[] {e}, Init.ZEROS));
        specs.add(new Spec("lm_head.weight", new long[] {v, e}, Init.NORMAL));
        specs.add(new Spec("lm_head.bias", new long[] {v}, Init.ZEROS));
        return specs;
    }

    private static void writeConfig(Path file, ModelShape s, DType dtype) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode config = mapper.createObjectNode();
        config.putArray("architectures").add("GPTJForCausalLM");
        config.put("model_type", "gptj");
        config.put("_name_or_path", "galatea-synthetic-random");
        config.put("activation_function", "gelu_new");
        config.put("layer_norm_epsilon", 1e-5);
        config.put("bos_token_id", 50256);
        config.put("eos_token_id", 50256);
        config.put("vocab_size", s.vocabSize());
        config.put("n_positions", s.nPositions());
        config.put("n_embd", s.nEmbd());
        config.put("n_layer", s.nLayer());
        config.put("n_head", s.nHead());
        config.put("rotary_dim", s.rotaryDim());
        config.put("n_inner", s.nInner());
        config.put("tie_word_embeddings", false);
        config.put("torch_dtype", switch (dtype) {
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> "float32";
        });
        mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
    }

    private static void writeWeights(Path file, List<Spec> specs, DType dtype, long seed) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode header = mapper.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Spec spec : specs) {
            ObjectNode t = header.putObject(spec.name());
            t.put("dtype", dtype.name());
            ArrayNode shape = t.putArray("shape");
            for (long d : spec.shape()) {
                shape.add(d);
            }
            long bytes = spec.elements() * dtype.bytes();
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = mapper.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        // The data starts 8-byte aligned, as the safetensors writer pads the header with spaces.
        int padded = (json.length + 7) / 8 * 8;
        long dataStart = 8L + padded;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofShared()) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, dataStart + offset, arena);
            mapped.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, padded);
            MemorySegment.copy(json, 0, mapped, ValueLayout.JAVA_BYTE, 8, json.length);
            mapped.asSlice(8 + json.length, padded - json.length).fill((byte) ' ');
            long tensorStart = dataStart;
            SplittableRandom root = new SplittableRandom(seed);
            for (Spec spec : specs) {
                fill(mapped.asSlice(tensorStart, spec.elements() * dtype.bytes()), spec, dtype, root.split());
                tensorStart += spec.elements() * dtype.bytes();
            }
            mapped.force();
        }
    }

    /** Fills a tensor in parallel chunks, each with its own split of the generator, so the file depends only on the seed. */
    private static void fill(MemorySegment target, Spec spec, DType dtype, SplittableRandom random) {
        long elements = spec.elements();
        int chunks = (int) ((elements + CHUNK - 1) / CHUNK);
        long[] seeds = new long[chunks];
        for (int c = 0; c < chunks; c++) {
            seeds[c] = random.nextLong();
        }
        IntStream.range(0, chunks).parallel().forEach(c -> {
            SplittableRandom r = new SplittableRandom(seeds[c]);
            long end = Math.min(elements, (long) (c + 1) * CHUNK);
            for (long i = (long) c * CHUNK; i < end; i++) {
                float value = switch (spec.init()) {
                    case NORMAL -> (float) (gaussian(r) * INIT_STD);
                    case ONES -> 1f;
                    case ZEROS -> 0f;
                };
                store(target, i, value, dtype);
            }
        });
    }

    /** Approximately standard normal: the sum of four uniforms, scaled to unit variance (cheaper than Box-Muller). */
    private static double gaussian(SplittableRandom r) {
        return (r.nextDouble() + r.nextDouble() + r.nextDouble() + r.nextDouble() - 2.0) * Math.sqrt(3.0);
    }

    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static void store(MemorySegment target, long index, float value, DType dtype) {
        switch (dtype) {
            case F16 -> target.set(SHORT_LE, index * 2, Float.floatToFloat16(value));
            case BF16 -> target.set(SHORT_LE, index * 2, toBfloat16(value));
            default -> target.set(FLOAT_LE, index * 4, value);
        }
    }

    /** Round to nearest even, as torch converts fp32 to bf16. */
    private static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
