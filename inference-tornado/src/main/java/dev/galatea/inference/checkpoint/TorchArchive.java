package dev.galatea.inference.checkpoint;

import dev.galatea.inference.checkpoint.RestrictedUnpickler.StorageRef;
import dev.galatea.inference.checkpoint.RestrictedUnpickler.TensorRef;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a torch.save file (PyTorch 1.6+ ZIP format): {@code <folder>/data.pkl} pickles the state dict, and each
 * storage it references is the STORED entry {@code <folder>/data/<key>}. The folder's name is whatever the file
 * was called when saved, so it is found rather than assumed.
 */
final class TorchArchive {
    private static final String PICKLE = "data.pkl";
    private static final int PICKLE_PROTO = 0x80;

    private TorchArchive() {}

    /** Maps {@code file} into {@code arena} and returns its tensors, in state-dict order. */
    static Map<String, Tensor> map(Path file, Arena arena) {
        MemorySegment whole = MappedFiles.mapReadOnly(file, arena);
        if (whole.byteSize() > 0 && Byte.toUnsignedInt(whole.get(ValueLayout.JAVA_BYTE, 0)) == PICKLE_PROTO) {
            throw new CheckpointException(file, "uses the legacy torch.save format of PyTorch before 1.6, which Galatea"
                    + " does not read; re-save it with a current PyTorch or convert it to safetensors");
        }
        Map<String, MemorySegment> entries = ZipArchive.storedEntries(file, whole);
        String pickleName = pickleEntry(file, entries);
        String folder = pickleName.substring(0, pickleName.length() - PICKLE.length());
        // Archives older than the byteorder entry were written on little-endian machines in practice.
        MemorySegment byteOrder = entries.get(folder + "byteorder");
        String order = byteOrder == null ? "little" : ascii(byteOrder.asSlice(0, Math.min(16, byteOrder.byteSize())));
        if (!order.equals("little")) {
            throw new CheckpointException(file, "stores tensors in byte order \"" + order + "\"; only little-endian is supported");
        }

        Object root = RestrictedUnpickler.load(file, pickleName, entries.get(pickleName));
        if (!(root instanceof Map<?, ?> stateDict)) {
            throw new CheckpointException(file, pickleName + " does not hold a state dict (a dict of tensors)");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> item : stateDict.entrySet()) {
            if (!(item.getKey() instanceof String name) || !(item.getValue() instanceof TensorRef ref)) {
                throw new CheckpointException(file, "state dict entry " + item.getKey() + " is not a named tensor");
            }
            try {
                tensors.put(name, tensor(file, name, ref, entries, folder));
            } catch (ArithmeticException e) {
                throw new CheckpointException(file, "tensor " + name + " has a size too large to address", e);
            }
        }
        return tensors;
    }

    private static String pickleEntry(Path file, Map<String, MemorySegment> entries) {
        List<String> pickles = entries.keySet().stream()
                .filter(name -> name.endsWith("/" + PICKLE) && name.indexOf('/') == name.length() - PICKLE.length() - 1)
                .toList();
        if (pickles.size() != 1) {
            throw new CheckpointException(file, "is not a torch.save archive: expected one <folder>/" + PICKLE
                    + " entry, found " + (pickles.isEmpty() ? "none" : pickles));
        }
        return pickles.getFirst();
    }

    /** The tensor as a slice of its storage entry; a view torch could not rebuild row-major is refused. */
    private static Tensor tensor(Path file, String name, TensorRef ref, Map<String, MemorySegment> entries, String folder) {
        StorageRef storage = ref.storage();
        String entryName = folder + "data/" + storage.key();
        MemorySegment data = entries.get(entryName);
        if (data == null) {
            throw new CheckpointException(file, "tensor " + name + " needs the storage entry " + entryName
                    + ", which the archive lacks");
        }
        DType dtype = storage.dtype();
        long[] size = ref.size();
        long[] stride = ref.stride();
        if (size.length != stride.length) {
            throw new CheckpointException(file, "tensor " + name + " has size " + Arrays.toString(size)
                    + " but stride " + Arrays.toString(stride));
        }
        long elements = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            // Like torch's is_contiguous: a dimension of length 1 may have any stride.
            if (size[i] < 0 || (size[i] != 1 && stride[i] != elements)) {
                throw new CheckpointException(file, "tensor " + name + " is not contiguous (size " + Arrays.toString(size)
                        + ", stride " + Arrays.toString(stride) + "); save it after .contiguous()");
            }
            elements = Math.multiplyExact(elements, size[i]);
        }
        long offset = ref.storageOffset();
        if (offset < 0 || storage.elementCount() < 0 || offset + elements > storage.elementCount()
                || Math.multiplyExact(storage.elementCount(), dtype.bytes()) > data.byteSize()) {
            throw new CheckpointException(file, "tensor " + name + " (" + elements + " elements at offset " + offset
                    + ") runs past its storage " + entryName + " (" + data.byteSize() + " bytes of " + dtype + ")");
        }
        return new Tensor(name, dtype, size, data.asSlice(offset * dtype.bytes(), elements * dtype.bytes()));
    }

    private static String ascii(MemorySegment bytes) {
        return new String(bytes.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII).strip();
    }
}
