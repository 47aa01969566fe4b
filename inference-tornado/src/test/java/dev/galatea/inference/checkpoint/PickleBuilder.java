package dev.galatea.inference.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, so tests can feed the unpickler exactly the bytes an attacker or a bug would. */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBuilder op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBuilder proto(int version) {
        return op(0x80).op(version);
    }

    PickleBuilder global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    PickleBuilder string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return op('X').raw(littleEndian(utf8.length, 4)).raw(utf8);
    }

    PickleBuilder shortString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return op(0x8c).op(utf8.length).raw(utf8);
    }

    /** The narrowest integer opcode, as pickle itself chooses. */
    PickleBuilder integer(long value) {
        if (value >= 0 && value < 0x100) {
            return op('K').op((int) value);
        }
        if (value >= 0 && value < 0x10000) {
            return op('M').raw(littleEndian(value, 2));
        }
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return op('J').raw(littleEndian(value, 4));
        }
        return op(0x8a).op(8).raw(littleEndian(value, 8));
    }

    PickleBuilder mark() {
        return op('(');
    }

    PickleBuilder tuple() {
        return op('t');
    }

    PickleBuilder emptyTuple() {
        return op(')');
    }

    PickleBuilder reduce() {
        return op('R');
    }

    PickleBuilder setItems() {
        return op('u');
    }

    PickleBuilder stop() {
        return op('.');
    }

    /** An empty OrderedDict, the way torch.save begins a state dict. */
    PickleBuilder orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}, as torch.save writes a tensor. */
    PickleBuilder tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().string("storage").global("torch", storageType).string(key).string("cpu").integer(numel).tuple().op('Q');
        integer(offset).longs(size).longs(stride).op(0x89).orderedDict();
        return tuple().reduce();
    }

    private PickleBuilder longs(long[] values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    PickleBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private static byte[] littleEndian(long value, int width) {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        byte[] bytes = new byte[width];
        System.arraycopy(buffer.array(), 0, bytes, 0, width);
        return bytes;
    }
}
