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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** The tiny-gptj-f16 fixture, its golden cases, and a tornado backend whose step runs as plain Java. */
final class TinyGptj {
    static final Path MODEL = resource("fixtures/tiny-gptj-f16");

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
        GptjStep program = step(settings);
        return new TornadoBackend("tornado-host", program, new StepRunner() {
            @Override
            public void run() {
                program.runOnHost();
            }

            @Override
            public void close() {}
        });
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
