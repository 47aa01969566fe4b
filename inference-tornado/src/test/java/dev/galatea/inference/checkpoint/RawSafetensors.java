package dev.galatea.inference.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second, deliberately naive reader of safetensors files: it loads the whole file onto the heap, finds the tensor
 * in the JSON header and decodes the half-precision bits by hand. Tests compare the mapped tensors against it, so a
 * wrong data offset or a wrong conversion in the real reader shows up as different numbers.
 */
final class RawSafetensors {
    private final ByteBuffer bytes;
    private final JsonNode header;
    private final long dataStart;

    RawSafetensors(Path file) throws IOException {
        bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) bytes.getLong(0);
        header = new ObjectMapper().readTree(new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8));
        dataStart = 8 + headerLength;
    }

    JsonNode header() {
        return header;
    }

    /** Element {@code index} (flat) of tensor {@code name}, widened to double. */
    double element(String name, long index) {
        JsonNode spec = header.get(name);
        int at = (int) (dataStart + spec.get("data_offsets").get(0).asLong() + index * 2);
        int bits = Short.toUnsignedInt(bytes.getShort(at));
        return switch (spec.get("dtype").asText()) {
            case "F16" -> half(bits);
            case "BF16" -> bfloat16(bits);
            default -> throw new IllegalArgumentException(name + " is not F16 or BF16");
        };
    }

    /** IEEE binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. */
    static double half(int bits) {
        double sign = (bits & 0x8000) != 0 ? -1 : 1;
        int exponent = (bits >> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0) {
            return sign * mantissa * Math.pow(2, -24);
        }
        if (exponent == 0x1F) {
            return mantissa == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        return sign * (1024 + mantissa) * Math.pow(2, exponent - 25);
    }

    /** bfloat16: 1 sign bit, 8 exponent bits (bias 127), 7 mantissa bits. */
    static double bfloat16(int bits) {
        double sign = (bits & 0x8000) != 0 ? -1 : 1;
        int exponent = (bits >> 7) & 0xFF;
        int mantissa = bits & 0x7F;
        if (exponent == 0) {
            return sign * mantissa * Math.pow(2, -133);
        }
        if (exponent == 0xFF) {
            return mantissa == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        return sign * (128 + mantissa) * Math.pow(2, exponent - 134);
    }
}
