package dev.galatea.chat.character;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Reads and writes the chunk layer of PNG (ISO/IEC 15948): the 8-byte signature, then chunks of
 * length, 4-letter type, data and a CRC-32 over type and data. Pixels are never decoded: a card only needs its
 * {@code tEXt} chunks, and an avatar is kept as the bytes it came as.
 */
final class PngChunks {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static final String TEXT = "tEXt";
    private static final int MAX_KEYWORD_BYTES = 79;

    /** One chunk: its 4-letter type and its data. */
    record Chunk(String type, byte[] data) {
    }

    /** A {@code tEXt} chunk's contents: keyword and text, both Latin-1 as the PNG standard says. */
    record TextEntry(String keyword, String text) {
    }

    private PngChunks() {
    }

    /**
     * Every chunk up to and including IEND, after checking the signature, each length and each CRC. Bytes after IEND
     * are ignored, as image viewers do.
     *
     * @throws CardFormatException naming {@code source} and the first problem found
     */
    static List<Chunk> read(String source, byte[] png) {
        if (!startsWithSignature(png)) {
            throw new CardFormatException(source, "not a PNG image (the PNG signature is missing)");
        }
        List<Chunk> chunks = new ArrayList<>();
        int at = SIGNATURE.length;
        while (true) {
            if (png.length - at < 12) {
                throw new CardFormatException(source, chunks.isEmpty()
                        ? "PNG ends right after its signature"
                        : "PNG is truncated: it ends at byte " + png.length + " without an IEND chunk");
            }
            long length = readUint32(png, at);
            String type = chunkType(source, png, at + 4);
            if (length > png.length - at - 12L) {
                throw new CardFormatException(source, "PNG chunk " + type + " at byte " + at + " claims " + length
                        + " bytes but only " + (png.length - at - 12) + " remain (truncated file?)");
            }
            int dataStart = at + 8;
            int dataEnd = dataStart + (int) length;
            long stored = readUint32(png, dataEnd);
            CRC32 crc = new CRC32();
            crc.update(png, at + 4, 4 + (int) length);
            if (crc.getValue() != stored) {
                throw new CardFormatException(source, "PNG chunk " + type + " at byte " + at
                        + " has a wrong CRC (the file is damaged)");
            }
            if (chunks.isEmpty() && !type.equals("IHDR")) {
                throw new CardFormatException(source, "PNG does not start with an IHDR chunk (found " + type + ")");
            }
            chunks.add(new Chunk(type, Arrays.copyOfRange(png, dataStart, dataEnd)));
            at = dataEnd + 4;
            if (type.equals("IEND")) {
                return chunks;
            }
        }
    }

    /** Serialises chunks after the signature, computing each length and CRC. */
    static byte[] write(List<Chunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (Chunk chunk : chunks) {
            byte[] type = chunk.type().getBytes(StandardCharsets.US_ASCII);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(chunk.data());
            writeUint32(out, chunk.data().length);
            out.writeBytes(type);
            out.writeBytes(chunk.data());
            writeUint32(out, crc.getValue());
        }
        return out.toByteArray();
    }

    /** The keyword and text of a tEXt chunk, or empty when it has no keyword separator (then it is not ours to read). */
    static Optional<TextEntry> textEntry(Chunk chunk) {
        byte[] data = chunk.data();
        for (int i = 0; i < data.length && i <= MAX_KEYWORD_BYTES; i++) {
            if (data[i] == 0) {
                return Optional.of(new TextEntry(new String(data, 0, i, StandardCharsets.ISO_8859_1),
                        new String(data, i + 1, data.length - i - 1, StandardCharsets.ISO_8859_1)));
            }
        }
        return Optional.empty();
    }

    /** A tEXt chunk; the text must be Latin-1, which base64 always is. */
    static Chunk textChunk(String keyword, String text) {
        byte[] key = keyword.getBytes(StandardCharsets.ISO_8859_1);
        byte[] value = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = new byte[key.length + 1 + value.length];
        System.arraycopy(key, 0, data, 0, key.length);
        System.arraycopy(value, 0, data, key.length + 1, value.length);
        return new Chunk(TEXT, data);
    }

    static boolean startsWithSignature(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    private static String chunkType(String source, byte[] png, int at) {
        for (int i = at; i < at + 4; i++) {
            int b = png[i] & 0xFF;
            if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z')) {
                throw new CardFormatException(source, "PNG chunk at byte " + (at - 4)
                        + " has an invalid type (not four letters): the file is damaged");
            }
        }
        return new String(png, at, 4, StandardCharsets.US_ASCII);
    }

    private static long readUint32(byte[] bytes, int at) {
        return (bytes[at] & 0xFFL) << 24 | (bytes[at + 1] & 0xFFL) << 16 | (bytes[at + 2] & 0xFFL) << 8 | bytes[at + 3] & 0xFFL;
    }

    private static void writeUint32(ByteArrayOutputStream out, long value) {
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
    }
}
