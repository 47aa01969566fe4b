package dev.galatea.inference.cli;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.checkpoint.DType;
import dev.galatea.inference.synth.ModelShape;
import dev.galatea.inference.synth.SyntheticModel;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a GPT-J model directory with random weights and the GPT-2 tokenizer files, "
                + "so the full-size path can be run and benchmarked without a download.")
final class SynthCommand implements Runnable {

    @Option(names = "--shape", defaultValue = "tiny",
            description = "gptj-6b, tiny, or overrides of tiny such as n_embd=256,n_layer=4,n_head=8 (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--dtype", defaultValue = "f16", description = "f16, bf16 or f32 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--seed", defaultValue = "1234", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Directory to write.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ModelShape modelShape = ModelShape.parse(shape);
        DType type = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f16", "fp16", "float16" -> DType.F16;
            case "bf16", "bfloat16" -> DType.BF16;
            case "f32", "fp32", "float32" -> DType.F32;
            default -> throw new GalateaException("--dtype must be f16, bf16 or f32, not \"" + dtype + "\"");
        };
        long started = System.nanoTime();
        SyntheticModel.write(out, modelShape, type, seed);
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s: %,d parameters, %s, in %.1f s%n",
                out, modelShape.parameterCount(), type, (System.nanoTime() - started) / 1e9);
    }
}
