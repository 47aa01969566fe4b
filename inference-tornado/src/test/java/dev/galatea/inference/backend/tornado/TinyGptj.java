package dev.galatea.inference.backend.tornado;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.model.GptjModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The tiny-gptj-f16 fixture, its golden cases, and a tornado backend whose step runs as plain Java. */
final class TinyGptj {
    static final Path MODEL = resource("fixtures/tiny-gptj-f16");

    /** The device a step run on the host stands for. */
    static final TornadoDeviceInfo HOST = new TornadoDeviceInfo("plain Java", "host", "CPU", Long.MAX_VALUE, Long.MAX_VALUE);

    record Case(int[] inputIds, float[] lastLogits, int[] greedyNewIds) {}

    private TinyGptj() {}

    static List<Case> goldenCases() {
        JsonNode golden;
        try {
            golden = new ObjectMapper().readTree(MODEL.resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            cases.add(new Case(ints(c.get("input_ids")), floats(c.get("last_logits")), ints(c.get("greedy_new_ids"))));
        }
        return cases;
    }

    static GptjStep step(TornadoSettings settings) {
        try (GptjModel model = GptjModel.load(MODEL)) {
            return new GptjStep(model.config(), DeviceWeights.copy(model), settings);
        }
    }

    /** The backend's own forward and decode logic, with each execution of the device step run on the host. */
    static TornadoBackend onHost(TornadoSettings settings) {
        return onHost(settings, new ArrayList<>());
    }

    /**
     * {@link #onHost(TornadoSettings)}, adding to {@code outputs} what each execution brought back. What an
     * execution does not bring back is NaN afterwards, as a device's results stay on the device: a backend that
     * reads rows it did not ask for fails the golden comparisons.
     */
    static TornadoBackend onHost(TornadoSettings settings, List<StepRunner.Output> outputs) {
        GptjStep program = step(settings);
        StepRunner runner = new StepRunner() {
            @Override
            public void run(Output output) {
                program.runOnHost();
                outputs.add(output);
                if (output != Output.ALL_ROWS) {
                    Arrays.fill(program.logits(), Float.NaN);
                    Arrays.fill(program.finalHidden(), Float.NaN);
                }
                if (output != Output.LAST_ROW) {
                    Arrays.fill(program.lastLogits(), Float.NaN);
                    Arrays.fill(program.lastHidden(), Float.NaN);
                }
            }

            @Override
            public void close() {}
        };
        return new TornadoBackend(HOST, program, runner, "as set", Optional.empty());
    }

    /** Every array some task of {@code step} reads or writes, each once. */
    static Set<Object> arraysOf(GptjStep step) {
        Set<Object> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        for (StepTask task : step.tasks()) {
            for (RecordComponent component : task.getClass().getRecordComponents()) {
                Object value;
                try {
                    value = component.getAccessor().invoke(task);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (value.getClass().isArray()) {
                    arrays.add(value);
                }
            }
        }
        return arrays;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    static double maxAbsDifference(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("expected " + expected.length + " logits, got " + actual.length);
        }
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    private static Path resource(String name) {
        try {
            return Path.of(TinyGptj.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
