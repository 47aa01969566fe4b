package dev.galatea.inference.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one .safetensors file: an 8-byte little-endian header length, a JSON header of
 * {name: {dtype, shape, data_offsets}}, then the data. The data is mapped, never read onto the heap.
 */
final class SafetensorsFile {
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsFile() {}

    /** Maps {@code file} into {@code arena} and returns its tensors, in header order. */
    static Map<String, Tensor> map(Path file, Arena arena) {
        MemorySegment whole = MappedFiles.mapReadOnly(file, arena);
        long size = whole.byteSize();
        if (size < 8) {
            throw new CheckpointException(file, "truncated: " + size + " bytes, too short for a safetensors header");
        }
        long headerLength = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
            throw new CheckpointException(file, "corrupt safetensors header: it claims " + headerLength
                    + " bytes of JSON but the file has " + size + " bytes");
        }
        JsonNode header;
        try {
            byte[] json = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            header = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CheckpointException(file, "corrupt safetensors header: not valid JSON", e);
        }
        if (header == null || !header.isObject()) {
            throw new CheckpointException(file, "corrupt safetensors header: not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : header.properties()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            try {
                tensors.put(name, tensor(file, name, entry.getValue(), whole, dataStart, dataSize));
            } catch (ArithmeticException e) {
                throw new CheckpointException(file, "tensor " + name + " has a shape too large to address", e);
            }
        }
        return tensors;
    }

    private static Tensor tensor(Path file, String name, JsonNode spec, MemorySegment whole, long dataStart, long dataSize) {
        String dtypeName = spec.path("dtype").asText("");
        DType dtype = DType.ofSafetensors(dtypeName).orElseThrow(() ->
                new CheckpointException(file, "tensor " + name + " has unknown dtype \"" + dtypeName + "\""));
        JsonNode shapeNode = spec.path("shape");
        JsonNode offsets = spec.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new CheckpointException(file, "tensor " + name + " lacks a shape or a pair of data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new CheckpointException(file, "tensor " + name + " has a negative dimension");
            }
            elements = Math.multiplyExact(elements, shape[i]);
        }
        long bytes = Math.multiplyExact(elements, dtype.bytes());
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw new CheckpointException(file, "tensor " + name + " has data_offsets [" + begin + ", " + end
                    + "] past the end of the data (" + dataSize + " bytes): the file is truncated or corrupt");
        }
        if (end - begin != bytes) {
            throw new CheckpointException(file, "tensor " + name + " spans " + (end - begin) + " bytes but shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + bytes);
        }
        return new Tensor(name, dtype, shape, whole.asSlice(dataStart + begin, end - begin));
    }
}
