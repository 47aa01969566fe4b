package dev.galatea.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.model.ModelFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchArchiveTest {
    private static final String SHARD_1 = "pytorch_model-00001-of-00002.bin";
    private static final String SHARD_2 = "pytorch_model-00002-of-00002.bin";
    private static final String REFUSAL = "a checkpoint may only name collections.OrderedDict, "
            + "torch._utils._rebuild_tensor_v2 and torch storage types";

    @Test
    void tensorsSharingOneStorageSliceItAtTheirOffsets() throws IOException {
        Path directory = ModelFixtures.directory(ModelFixtures.TORCHBIN);
        // Read independently through java.util.zip: q, k and v of layer 0 were saved as views of one 12288-element storage.
        byte[] storage = entryBytes(directory.resolve(SHARD_2), "pytorch_model-00002-of-00002/data/0");
        assertEquals(12288 * 2, storage.length);
        try (Checkpoint checkpoint = Checkpoints.open(directory)) {
            Tensor q = checkpoint.tensor("transformer.h.0.attn.q_proj.weight");
            Tensor k = checkpoint.tensor("transformer.h.0.attn.k_proj.weight");
            Tensor v = checkpoint.tensor("transformer.h.0.attn.v_proj.weight");
            assertArrayEquals(Arrays.copyOfRange(storage, 0, 8192), q.data().toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(Arrays.copyOfRange(storage, 8192, 16384), k.data().toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(Arrays.copyOfRange(storage, 16384, 24576), v.data().toArray(ValueLayout.JAVA_BYTE));
            assertEquals(8192, k.data().address() - q.data().address(), "k is a slice of the same mapping as q");
            assertEquals(8192, v.data().address() - k.data().address(), "v is a slice of the same mapping as k");
            // Read with numpy from the fixture: storage elements 0, 4096 and 8192 + 64 * 63 + 63.
            assertEquals(0.14013671875f, q.getFloat(0));
            assertEquals(-0.1925048828125f, k.getFloat(0));
            assertEquals(-0.1015625f, v.getFloat(64 * 63 + 63));
        }
    }

    @Test
    void torchTensorsHoldTheValuesOfTheirOwnStorages() {
        try (Checkpoint checkpoint = Checkpoints.open(ModelFixtures.directory(ModelFixtures.TORCHBIN))) {
            // Read with numpy from archive/data/16 and archive/data/0 of the first shard.
            assertEquals(0.143310546875f, checkpoint.tensor("transformer.wte.weight").getFloat(499 * 64 + 63));
            assertEquals(-0.1551513671875f, checkpoint.tensor("lm_head.bias").getFloat(7));
        }
    }

    @Test
    void zip64ArchiveWithAnotherFolderNameReadsTheSameTensors(@TempDir Path temp) throws IOException {
        Path original = ModelFixtures.directory(ModelFixtures.TORCHBIN).resolve(SHARD_1);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(original.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                entries.put(entry.getName().replaceFirst("^archive/", "renamed-on-save/"), zip.getInputStream(entry).readAllBytes());
            }
        }
        Path repacked = Files.write(temp.resolve("pytorch_model.bin"), StoredZipWriter.write(entries, true, "zip comment"));
        try (ZipFile check = new ZipFile(repacked.toFile())) {
            assertEquals(entries.size(), check.size(), "java.util.zip reads the zip64 repack too");
        }
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> expected = TorchArchive.map(original, arena);
            Map<String, Tensor> actual = TorchArchive.map(repacked, arena);
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
            for (Tensor want : expected.values()) {
                Tensor got = actual.get(want.name());
                assertEquals(want.dtype(), got.dtype(), want.name());
                assertArrayEquals(want.shape(), got.shape(), want.name());
                assertEquals(-1, want.data().mismatch(got.data()), want.name());
            }
        }
        try (Checkpoint checkpoint = Checkpoints.open(temp)) {
            assertEquals(15, checkpoint.tensors().size(), "17 entries less attn.bias and attn.masked_bias of layer 1");
        }
    }

    @Test
    void compressedEntryIsRefusedByName(@TempDir Path temp) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(stateDict("HalfStorage", 4, 0, new long[] {4}, new long[] {1}));
            zip.closeEntry();
        }
        Path file = Files.write(temp.resolve("pytorch_model.bin"), bytes.toByteArray());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": zip entry archive/data.pkl is compressed (method 8); torch.save stores entries "
                + "uncompressed, so re-save the checkpoint with torch.save", e.getMessage());
    }

    @Test
    void truncatedShardNamesTheFile(@TempDir Path temp) throws IOException {
        Path directory = ModelFixtures.copy(ModelFixtures.TORCHBIN, temp);
        Path shard = directory.resolve(SHARD_2);
        byte[] whole = Files.readAllBytes(shard);
        Files.write(shard, Arrays.copyOf(whole, whole.length * 2 / 3));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(directory));
        assertEquals(shard + ": not a complete zip archive (no end-of-central-directory record): truncated, "
                + "or not a torch.save file", e.getMessage());
    }

    @Test
    void archiveMissingItsMiddleNamesTheFile(@TempDir Path temp) throws IOException {
        Path directory = ModelFixtures.copy(ModelFixtures.TORCHBIN, temp);
        Path shard = directory.resolve(SHARD_2);
        byte[] whole = Files.readAllBytes(shard);
        // Keep the end-of-central-directory record but lose half the data before it.
        byte[] cut = new byte[whole.length / 2 + 22];
        System.arraycopy(whole, 0, cut, 0, whole.length / 2);
        System.arraycopy(whole, whole.length - 22, cut, whole.length / 2, 22);
        Files.write(shard, cut);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(directory));
        assertEquals(shard + ": corrupt zip archive: its central directory lies outside the file: truncated or corrupt",
                e.getMessage());
    }

    @Test
    void forbiddenGlobalInAnArchiveNamesTheFileAndTheGlobal(@TempDir Path temp) throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).global("os", "system").string("touch /tmp/pwned").op(0x85)
                .reduce().stop().bytes();
        Path file = writeArchive(temp, "archive/", pickle, Map.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": refused pickle global os.system in archive/data.pkl: " + REFUSAL, e.getMessage());
    }

    @Test
    void nonContiguousTensorIsRefusedByName(@TempDir Path temp) throws IOException {
        Path file = writeArchive(temp, "archive/", stateDict("HalfStorage", 16, 0, new long[] {4, 4}, new long[] {1, 4}),
                Map.of("0", new byte[32]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": tensor lm_head.weight is not contiguous (size [4, 4], stride [1, 4]); "
                + "save it after .contiguous()", e.getMessage());
    }

    @Test
    void lengthOneDimensionsMayHaveAnyStride(@TempDir Path temp) throws IOException {
        byte[] storage = new byte[32];
        storage[11] = 0x3C; // fp16 1.0 is 0x3C00: little-endian, its high byte is the second of element 5
        writeArchive(temp, "archive/", stateDict("HalfStorage", 16, 4, new long[] {1, 4}, new long[] {99, 1}), Map.of("0", storage));
        try (Checkpoint checkpoint = Checkpoints.open(temp)) {
            Tensor tensor = checkpoint.tensor("lm_head.weight");
            assertArrayEquals(new long[] {1, 4}, tensor.shape());
            assertEquals(0f, tensor.getFloat(0));
            assertEquals(1f, tensor.getFloat(1));
        }
    }

    @Test
    void tensorRunningPastItsStorageIsRefused(@TempDir Path temp) throws IOException {
        Path file = writeArchive(temp, "archive/", stateDict("FloatStorage", 16, 8, new long[] {4, 4}, new long[] {4, 1}),
                Map.of("0", new byte[64]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": tensor lm_head.weight (16 elements at offset 8) runs past its storage archive/data/0 "
                + "(64 bytes of F32)", e.getMessage());
    }

    @Test
    void storageEntryShorterThanItsElementCountIsRefused(@TempDir Path temp) throws IOException {
        Path file = writeArchive(temp, "archive/", stateDict("FloatStorage", 16, 0, new long[] {4}, new long[] {1}),
                Map.of("0", new byte[16]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": tensor lm_head.weight (4 elements at offset 0) runs past its storage archive/data/0 "
                + "(16 bytes of F32)", e.getMessage());
    }

    @Test
    void missingStorageEntryIsNamed(@TempDir Path temp) throws IOException {
        Path file = writeArchive(temp, "archive/", stateDict("HalfStorage", 4, 0, new long[] {4}, new long[] {1}), Map.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": tensor lm_head.weight needs the storage entry archive/data/0, which the archive lacks",
                e.getMessage());
    }

    @Test
    void archiveWithoutAPickleIsNotATorchFile(@TempDir Path temp) throws IOException {
        Path file = Files.write(temp.resolve("pytorch_model.bin"),
                StoredZipWriter.write(Map.of("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII)), false, ""));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": is not a torch.save archive: expected one <folder>/data.pkl entry, found none", e.getMessage());
    }

    @Test
    void bigEndianArchiveIsRefused(@TempDir Path temp) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", stateDict("HalfStorage", 4, 0, new long[] {4}, new long[] {1}));
        entries.put("archive/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
        entries.put("archive/data/0", new byte[8]);
        Path file = Files.write(temp.resolve("pytorch_model.bin"), StoredZipWriter.write(entries, false, ""));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": stores tensors in byte order \"big\"; only little-endian is supported", e.getMessage());
    }

    @Test
    void legacyTorchSaveFormatGetsAClearError(@TempDir Path temp) throws IOException {
        // Before PyTorch 1.6, torch.save wrote a bare pickle (magic number first) instead of a ZIP.
        Path file = Files.write(temp.resolve("pytorch_model.bin"), new PickleBuilder().proto(2).integer(0x1950a86a20f9469cL).bytes());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(file + ": uses the legacy torch.save format of PyTorch before 1.6, which Galatea does not read; "
                + "re-save it with a current PyTorch or convert it to safetensors", e.getMessage());
    }

    /** {@code OrderedDict(lm_head.weight = one tensor over storage "0")}, as torch.save pickles it. */
    private static byte[] stateDict(String storageType, long numel, long offset, long[] size, long[] stride) {
        return new PickleBuilder().proto(2).orderedDict().mark().string("lm_head.weight")
                .tensor(storageType, "0", numel, offset, size, stride).setItems().stop().bytes();
    }

    private static Path writeArchive(Path directory, String folder, byte[] pickle, Map<String, byte[]> storages)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(folder + "data.pkl", pickle);
        entries.put(folder + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        storages.forEach((key, bytes) -> entries.put(folder + "data/" + key, bytes));
        entries.put(folder + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return Files.write(directory.resolve("pytorch_model.bin"), StoredZipWriter.write(entries, false, ""));
    }

    private static byte[] entryBytes(Path zipFile, String name) throws IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }
}
