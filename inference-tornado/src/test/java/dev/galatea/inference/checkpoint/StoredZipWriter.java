package dev.galatea.inference.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes a ZIP of STORED entries the way PyTorch's writer does: each local header padded with an extra field so the
 * data starts 64-byte aligned. With {@code zip64} every size and offset goes through zip64 records, as in a shard
 * larger than 4 GiB, which the tests cannot afford to write for real.
 */
final class StoredZipWriter {
    private static final int ALIGNMENT = 64;
    private static final int PADDING_FIELD = 0x4246; // "FB", the id PyTorch uses for its padding
    private static final long SATURATED = 0xFFFFFFFFL;

    private StoredZipWriter() {}

    static byte[] write(Map<String, byte[]> entries, boolean zip64, String comment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream directory = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] data = entry.getValue();
            CRC32 crc = new CRC32();
            crc.update(data);
            long offset = out.size();

            byte[] sizes = zip64 ? le(16).putLong(data.length).putLong(data.length).array() : new byte[0];
            byte[] zip64Local = zip64 ? field(0x0001, sizes) : new byte[0];
            int unpadded = 30 + name.length + zip64Local.length + 4;
            byte[] padding = field(PADDING_FIELD, new byte[(ALIGNMENT - (int) ((offset + unpadded) % ALIGNMENT)) % ALIGNMENT]);
            byte[] localExtra = concat(zip64Local, padding);
            out.writeBytes(le(30).putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 0)
                    .putInt(0).putInt((int) crc.getValue())
                    .putInt((int) (zip64 ? SATURATED : data.length)).putInt((int) (zip64 ? SATURATED : data.length))
                    .putShort((short) name.length).putShort((short) localExtra.length).array());
            out.writeBytes(name);
            out.writeBytes(localExtra);
            out.writeBytes(data);

            byte[] centralExtra = zip64 ? field(0x0001, le(24).putLong(data.length).putLong(data.length).putLong(offset).array())
                    : new byte[0];
            directory.writeBytes(le(46).putInt(0x02014b50).putShort((short) 45).putShort((short) 45)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) crc.getValue())
                    .putInt((int) (zip64 ? SATURATED : data.length)).putInt((int) (zip64 ? SATURATED : data.length))
                    .putShort((short) name.length).putShort((short) centralExtra.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) (zip64 ? SATURATED : offset)).array());
            directory.writeBytes(name);
            directory.writeBytes(centralExtra);
        }
        long directoryOffset = out.size();
        out.writeBytes(directory.toByteArray());
        if (zip64) {
            long zip64End = out.size();
            out.writeBytes(le(56).putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45)
                    .putInt(0).putInt(0).putLong(entries.size()).putLong(entries.size())
                    .putLong(directory.size()).putLong(directoryOffset).array());
            out.writeBytes(le(20).putInt(0x07064b50).putInt(0).putLong(zip64End).putInt(1).array());
        }
        byte[] commentBytes = comment.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) (zip64 ? 0xFFFF : entries.size())).putShort((short) (zip64 ? 0xFFFF : entries.size()))
                .putInt((int) (zip64 ? SATURATED : directory.size())).putInt((int) (zip64 ? SATURATED : directoryOffset))
                .putShort((short) commentBytes.length).array());
        out.writeBytes(commentBytes);
        return out.toByteArray();
    }

    private static byte[] field(int id, byte[] body) {
        return concat(le(4).putShort((short) id).putShort((short) body.length).array(), body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
