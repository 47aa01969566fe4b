package dev.galatea.inference.checkpoint;

import java.util.Optional;

/** Element types a GPT-J checkpoint stores. Only the float types hold parameters; the rest are skipped buffers. */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isParameterType() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The dtype for a safetensors header string such as "F16", if it is one we know. */
    public static Optional<DType> ofSafetensors(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
