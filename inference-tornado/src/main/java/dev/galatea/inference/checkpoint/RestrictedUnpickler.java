package dev.galatea.inference.checkpoint;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the pickle of a torch.save state dict without ever running pickle code: it knows only the opcodes a
 * state dict uses and refuses every global except {@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2} and the {@code torch.*Storage} types. Storages and tensors come out
 * as references ({@link StorageRef}, {@link TensorRef}); resolving them against the archive is the caller's job.
 *
 * <p>Values: str is String, int is Long, float is Double, bool is Boolean, None is null, tuple is a fixed-size
 * List, list is an ArrayList, dict and OrderedDict are LinkedHashMaps.
 */
final class RestrictedUnpickler {
    /** A storage named by a persistent id {@code ('storage', type, key, location, numel)}. */
    record StorageRef(String key, DType dtype, long elementCount) {}

    /** What {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, ...)} describes. */
    record TensorRef(StorageRef storage, long storageOffset, long[] size, long[] stride) {}

    private record StorageType(String name, DType dtype) {}

    private enum Callable {
        ORDERED_DICT("collections.OrderedDict"), REBUILD_TENSOR_V2("torch._utils._rebuild_tensor_v2");

        private final String pythonName;

        Callable(String pythonName) {
            this.pythonName = pythonName;
        }
    }

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int MAX_GLOBAL_LINE = 256;

    private final Path file;
    private final String entry;
    private final MemorySegment pickle;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long position;
    private long opcodeStart;

    private RestrictedUnpickler(Path file, String entry, MemorySegment pickle) {
        this.file = file;
        this.entry = entry;
        this.pickle = pickle;
    }

    /** The object the pickle {@code entry} of {@code file} describes. */
    static Object load(Path file, String entry, MemorySegment pickle) {
        return new RestrictedUnpickler(file, entry, pickle).run();
    }

    private Object run() {
        while (true) {
            opcodeStart = position;
            int opcode = u8();
            switch (opcode) {
                case 0x80 -> u8(); // PROTO: the version changes no opcode we accept
                case 0x95 -> i64(); // FRAME: a read-ahead hint, the bytes follow inline
                case 0x2e -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw corrupt("STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.getFirst();
                }
                case 0x28 -> marks.push(stack.size()); // MARK
                case 0x7d -> stack.add(new LinkedHashMap<>()); // EMPTY_DICT
                case 0x5d -> stack.add(new ArrayList<>()); // EMPTY_LIST
                case 0x29 -> stack.add(List.of()); // EMPTY_TUPLE
                case 0x74 -> stack.add(Arrays.asList(popMark().toArray())); // TUPLE
                case 0x85 -> stack.add(Arrays.asList(popN(1))); // TUPLE1
                case 0x86 -> stack.add(Arrays.asList(popN(2))); // TUPLE2
                case 0x87 -> stack.add(Arrays.asList(popN(3))); // TUPLE3
                case 0x6c -> stack.add(new ArrayList<>(popMark())); // LIST
                case 0x64 -> stack.add(putPairs(new LinkedHashMap<>(), popMark())); // DICT
                case 0x61 -> { // APPEND
                    Object value = pop();
                    list(top()).add(value);
                }
                case 0x65 -> { // APPENDS
                    List<Object> values = popMark();
                    list(top()).addAll(values);
                }
                case 0x73 -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    dict(top()).put(key, value);
                }
                case 0x75 -> { // SETITEMS
                    List<Object> pairs = popMark();
                    putPairs(dict(top()), pairs);
                }
                case 0x4a -> stack.add((long) pickle.get(I32, take(4))); // BININT
                case 0x4b -> stack.add((long) u8()); // BININT1
                case 0x4d -> stack.add((long) Short.toUnsignedInt(pickle.get(U16, take(2)))); // BININT2
                case 0x8a -> stack.add(littleEndianInteger(u8())); // LONG1
                case 0x8b -> stack.add(littleEndianInteger(pickle.get(I32, take(4)))); // LONG4
                case 0x47 -> stack.add(pickle.get(F64_BE, take(8))); // BINFLOAT
                case 0x4e -> stack.add(null); // NONE
                case 0x88 -> stack.add(Boolean.TRUE); // NEWTRUE
                case 0x89 -> stack.add(Boolean.FALSE); // NEWFALSE
                case 0x58 -> stack.add(utf8(Integer.toUnsignedLong(pickle.get(I32, take(4))))); // BINUNICODE
                case 0x8c -> stack.add(utf8(u8())); // SHORT_BINUNICODE
                case 0x8d -> stack.add(utf8(i64())); // BINUNICODE8
                case 0x71 -> memo.put((long) u8(), top()); // BINPUT
                case 0x72 -> memo.put(Integer.toUnsignedLong(pickle.get(I32, take(4))), top()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
                case 0x68 -> stack.add(memoGet(u8())); // BINGET
                case 0x6a -> stack.add(memoGet(Integer.toUnsignedLong(pickle.get(I32, take(4))))); // LONG_BINGET
                case 0x63 -> stack.add(global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    String name = string(pop(), "STACK_GLOBAL name");
                    String module = string(pop(), "STACK_GLOBAL module");
                    stack.add(global(module, name));
                }
                case 0x52 -> { // REDUCE
                    List<?> args = tuple(pop(), "REDUCE arguments");
                    stack.add(reduce(pop(), args));
                }
                case 0x62 -> { // BUILD
                    pop();
                    // An OrderedDict's state is its attributes (a state dict's _metadata), not parameters.
                    if (!(top() instanceof Map)) {
                        throw corrupt("BUILD on " + describe(top()) + "; only an OrderedDict may carry state");
                    }
                }
                case 0x51 -> stack.add(storage(pop())); // BINPERSID
                default -> throw new CheckpointException(file, "unsupported pickle opcode 0x"
                        + String.format("%02x", opcode) + " at byte " + opcodeStart + " of " + entry
                        + ": a torch state dict never uses it");
            }
        }
    }

    private Object global(String module, String name) {
        if (module.equals("collections") && name.equals("OrderedDict")) {
            return Callable.ORDERED_DICT;
        }
        if (module.equals("torch._utils") && name.equals("_rebuild_tensor_v2")) {
            return Callable.REBUILD_TENSOR_V2;
        }
        if (module.equals("torch")) {
            DType dtype = storageDType(name);
            if (dtype != null) {
                return new StorageType(name, dtype);
            }
        }
        throw new CheckpointException(file, "refused pickle global " + module + "." + name + " in " + entry
                + ": a checkpoint may only name collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch storage types");
    }

    private static DType storageDType(String storageClass) {
        return switch (storageClass) {
            case "DoubleStorage" -> DType.F64;
            case "FloatStorage" -> DType.F32;
            case "HalfStorage" -> DType.F16;
            case "BFloat16Storage" -> DType.BF16;
            case "LongStorage" -> DType.I64;
            case "IntStorage" -> DType.I32;
            case "ShortStorage" -> DType.I16;
            case "CharStorage" -> DType.I8;
            case "ByteStorage" -> DType.U8;
            case "BoolStorage" -> DType.BOOL;
            default -> null;
        };
    }

    private Object reduce(Object callable, List<?> args) {
        if (callable == Callable.ORDERED_DICT) {
            if (!args.isEmpty()) {
                throw corrupt("OrderedDict called with " + args.size() + " arguments");
            }
            return new LinkedHashMap<>();
        }
        if (callable == Callable.REBUILD_TENSOR_V2) {
            // torch >= 2.0 appends a metadata dict as a seventh argument.
            if (args.size() != 6 && args.size() != 7) {
                throw corrupt("_rebuild_tensor_v2 called with " + args.size() + " arguments instead of 6");
            }
            if (!(args.get(0) instanceof StorageRef storage)) {
                throw corrupt("_rebuild_tensor_v2 given " + describe(args.get(0)) + " instead of a storage");
            }
            return new TensorRef(storage, integer(args.get(1), "storage_offset"),
                    integers(args.get(2), "size"), integers(args.get(3), "stride"));
        }
        throw corrupt("REDUCE calls " + describe(callable) + ", which is not callable");
    }

    private StorageRef storage(Object persistentId) {
        List<?> id = tuple(persistentId, "persistent id");
        if (id.size() != 5 || !"storage".equals(id.get(0)) || !(id.get(1) instanceof StorageType type)) {
            throw corrupt("persistent id " + id + " is not ('storage', storage_type, key, location, numel)");
        }
        return new StorageRef(string(id.get(2), "storage key"), type.dtype(), integer(id.get(4), "storage numel"));
    }

    private Map<Object, Object> putPairs(Map<Object, Object> dict, List<Object> pairs) {
        if (pairs.size() % 2 != 0) {
            throw corrupt("an odd number of values for dict items");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            dict.put(pairs.get(i), pairs.get(i + 1));
        }
        return dict;
    }

    private long littleEndianInteger(long length) {
        if (length < 0 || length > 8) {
            throw corrupt("an integer of " + length + " bytes");
        }
        long at = take(length);
        long value = 0;
        for (int i = 0; i < length; i++) {
            value |= (pickle.get(ValueLayout.JAVA_BYTE, at + i) & 0xFFL) << (8 * i);
        }
        int unused = 64 - 8 * (int) length;
        return length == 0 ? 0 : (value << unused) >> unused; // sign-extend two's complement
    }

    private String line() {
        long start = position;
        for (long at = start; at < pickle.byteSize() && at - start <= MAX_GLOBAL_LINE; at++) {
            if (pickle.get(ValueLayout.JAVA_BYTE, at) == '\n') {
                position = at + 1;
                return new String(pickle.asSlice(start, at - start).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            }
        }
        throw corrupt("GLOBAL without a newline-terminated name");
    }

    private String utf8(long length) {
        long at = take(length);
        return new String(pickle.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private int u8() {
        return Byte.toUnsignedInt(pickle.get(ValueLayout.JAVA_BYTE, take(1)));
    }

    private long i64() {
        return pickle.get(I64, take(8));
    }

    /** Claims the next {@code length} bytes and returns where they start. */
    private long take(long length) {
        if (length < 0 || length > pickle.byteSize() - position) {
            throw corrupt("truncated: it ends inside an opcode");
        }
        long at = position;
        position += length;
        return at;
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw corrupt("memo " + index + " is read before it is written");
        }
        return memo.get(index);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() == stack.size())) {
            throw corrupt("stack underflow");
        }
        return stack.removeLast();
    }

    private Object top() {
        if (stack.isEmpty()) {
            throw corrupt("stack underflow");
        }
        return stack.getLast();
    }

    private Object[] popN(int n) {
        Object[] values = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            values[i] = pop();
        }
        return values;
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw corrupt("no MARK to pop to");
        }
        List<Object> tail = stack.subList(marks.pop(), stack.size());
        List<Object> values = new ArrayList<>(tail);
        tail.clear();
        return values;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object value) {
        if (!(value instanceof ArrayList)) {
            throw corrupt("APPEND to " + describe(value));
        }
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object value) {
        if (!(value instanceof Map)) {
            throw corrupt("SETITEM on " + describe(value));
        }
        return (Map<Object, Object>) value;
    }

    private List<?> tuple(Object value, String what) {
        if (!(value instanceof List<?> list)) {
            throw corrupt(what + " is " + describe(value) + ", not a tuple");
        }
        return list;
    }

    private long integer(Object value, String what) {
        if (!(value instanceof Long number)) {
            throw corrupt(what + " is " + describe(value) + ", not an int");
        }
        return number;
    }

    private long[] integers(Object value, String what) {
        List<?> items = tuple(value, what);
        long[] numbers = new long[items.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = integer(items.get(i), what);
        }
        return numbers;
    }

    private String string(Object value, String what) {
        if (!(value instanceof String text)) {
            throw corrupt(what + " is " + describe(value) + ", not a str");
        }
        return text;
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "None";
            case Callable callable -> callable.pythonName;
            case StorageType type -> "torch." + type.name();
            default -> value.getClass().getSimpleName();
        };
    }

    private CheckpointException corrupt(String problem) {
        return new CheckpointException(file, "corrupt pickle " + entry + " at byte " + opcodeStart + ": " + problem);
    }
}
