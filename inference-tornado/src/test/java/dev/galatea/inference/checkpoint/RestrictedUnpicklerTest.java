package dev.galatea.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.checkpoint.RestrictedUnpickler.StorageRef;
import dev.galatea.inference.checkpoint.RestrictedUnpickler.TensorRef;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestrictedUnpicklerTest {
    private static final Path FILE = Path.of("models", "pytorch_model.bin");
    private static final String ENTRY = "archive/data.pkl";

    @ParameterizedTest
    @CsvSource({"os, system", "builtins, eval", "__builtin__, exec", "subprocess, Popen", "torch, load",
            "torch._utils, _rebuild_parameter", "collections, defaultdict"})
    void globalOutsideTheAllowListIsRefusedByName(String module, String name) {
        byte[] pickle = new PickleBuilder().proto(2).global(module, name).string("id").op(0x85).reduce().stop().bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertEquals(FILE + ": refused pickle global " + module + "." + name + " in " + ENTRY + ": a checkpoint may only "
                + "name collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch storage types", e.getMessage());
    }

    @Test
    void stackGlobalIsCheckedAgainstTheSameAllowList() {
        byte[] pickle = new PickleBuilder().proto(4).shortString("builtins").shortString("eval").op(0x93)
                .shortString("__import__('os')").op(0x85).reduce().stop().bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertEquals(FILE + ": refused pickle global builtins.eval in " + ENTRY + ": a checkpoint may only "
                + "name collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch storage types", e.getMessage());
    }

    @Test
    void unknownStorageTypeIsRefusedAsAGlobal() {
        byte[] pickle = new PickleBuilder().proto(2).global("torch", "ComplexFloatStorage").stop().bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertEquals(FILE + ": refused pickle global torch.ComplexFloatStorage in " + ENTRY + ": a checkpoint may only "
                + "name collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch storage types", e.getMessage());
    }

    @Test
    void unknownOpcodeIsNamedWithItsPosition() {
        // INST (0x69) would import and call a class by name.
        byte[] pickle = new PickleBuilder().proto(2).mark().op(0x69).raw("os\nsystem\n".getBytes()).stop().bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertEquals(FILE + ": unsupported pickle opcode 0x69 at byte 3 of " + ENTRY + ": a torch state dict never uses it",
                e.getMessage());
    }

    @Test
    void truncatedPickleIsCorrupt() {
        byte[] whole = new PickleBuilder().proto(2).string("transformer.wte.weight").stop().bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(Arrays.copyOf(whole, 10)));
        assertEquals(FILE + ": corrupt pickle " + ENTRY + " at byte 2: truncated: it ends inside an opcode", e.getMessage());
    }

    @Test
    void storageTypeCannotBeCalled() {
        byte[] pickle = new PickleBuilder().proto(2).global("torch", "HalfStorage").emptyTuple().reduce().stop().bytes();
        CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
        assertEquals(FILE + ": corrupt pickle " + ENTRY + " at byte 22: REDUCE calls torch.HalfStorage, which is not callable",
                e.getMessage());
    }

    @Test
    void scalarsContainersAndMemoDecodeToJavaValues() {
        byte[] pickle = new PickleBuilder().proto(2).op('}').mark()
                .string("ints").mark()
                .op('J').raw(new byte[] {-5, -1, -1, -1})      // BININT -5
                .op('M').raw(new byte[] {-1, -1})              // BININT2 65535
                .op(0x8a).op(5).raw(new byte[] {0, 0, 0, 0, 2}) // LONG1 2^33
                .op(0x8a).op(1).raw(new byte[] {-1})           // LONG1 -1
                .tuple()
                .string("half").op('G').raw(new byte[] {0x3F, (byte) 0xE0, 0, 0, 0, 0, 0, 0}) // BINFLOAT 0.5
                .string("flags").op(0x88).op(0x89).op('N').op(0x87)
                .string("list").op(']').op('q').op(0).mark().integer(1).integer(2).op('e')
                .string("again").op('h').op(0)
                .setItems().stop().bytes();
        Map<?, ?> result = assertInstanceOf(Map.class, load(pickle));
        assertEquals(List.of(-5L, 65535L, 1L << 33, -1L), result.get("ints"));
        assertEquals(0.5, result.get("half"));
        assertEquals(Arrays.asList(true, false, null), result.get("flags"));
        assertEquals(List.of(1L, 2L), result.get("list"));
        assertSame(result.get("list"), result.get("again"));
    }

    @Test
    void stateDictDecodesToTensorReferencesAndIgnoresItsMetadata() {
        // What a Hugging Face state dict pickles: OrderedDict items, then BUILD with {'_metadata': OrderedDict(...)}.
        byte[] pickle = new PickleBuilder().proto(2).orderedDict().mark()
                .string("transformer.ln_f.weight").tensor("BFloat16Storage", "7", 4096, 64, new long[] {64}, new long[] {1})
                .string("transformer.wte.weight").tensor("HalfStorage", "3", 5000000000L, 0, new long[] {500, 64}, new long[] {64, 1})
                .setItems()
                .op('}').string("_metadata").orderedDict().op('s').op('b')
                .stop().bytes();
        Map<?, ?> result = assertInstanceOf(Map.class, load(pickle));
        assertEquals(List.of("transformer.ln_f.weight", "transformer.wte.weight"), List.copyOf(result.keySet()));
        TensorRef lnF = assertInstanceOf(TensorRef.class, result.get("transformer.ln_f.weight"));
        assertEquals(new StorageRef("7", DType.BF16, 4096), lnF.storage());
        assertEquals(64, lnF.storageOffset());
        assertArrayEquals(new long[] {64}, lnF.size());
        assertArrayEquals(new long[] {1}, lnF.stride());
        TensorRef wte = assertInstanceOf(TensorRef.class, result.get("transformer.wte.weight"));
        assertEquals(new StorageRef("3", DType.F16, 5000000000L), wte.storage());
        assertArrayEquals(new long[] {500, 64}, wte.size());
        assertArrayEquals(new long[] {64, 1}, wte.stride());
    }

    private static Object load(byte[] pickle) {
        return RestrictedUnpickler.load(FILE, ENTRY, MemorySegment.ofArray(pickle));
    }
}
