package dev.galatea.inference.checkpoint;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entries of a mapped ZIP archive, found through its central directory (zip64 included, since real torch shards
 * are larger than 4 GiB). Only STORED entries are accepted: their bytes are slices of the mapping, never copied.
 * java.util.zip is no use here: it would read the entries through streams onto the heap.
 */
final class ZipArchive {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EXTRA_FIELD = 0x0001;
    private static final long ZIP64_MARKER_32 = 0xFFFFFFFFL;
    private static final int ZIP64_MARKER_16 = 0xFFFF;
    private static final int END_RECORD_BYTES = 22;
    private static final int LOCATOR_BYTES = 20;
    private static final int MAX_COMMENT_BYTES = 0xFFFF;
    private static final int METHOD_STORED = 0;

    private final Path file;
    private final MemorySegment zip;

    private ZipArchive(Path file, MemorySegment zip) {
        this.file = file;
        this.zip = zip;
    }

    /** Every entry of the archive {@code zip} (the mapping of {@code file}), by name, in central-directory order. */
    static Map<String, MemorySegment> storedEntries(Path file, MemorySegment zip) {
        return new ZipArchive(file, zip).entries();
    }

    private Map<String, MemorySegment> entries() {
        long end = findEndOfCentralDirectory();
        long entryCount = u16(end + 10);
        long directorySize = u32(end + 12);
        long directoryOffset = u32(end + 16);
        long locator = end - LOCATOR_BYTES;
        if (locator >= 0 && u32(locator) == ZIP64_LOCATOR) {
            long zip64End = u64(locator + 8);
            require(zip64End >= 0 && zip64End + 56 <= locator && u32(zip64End) == ZIP64_END_OF_CENTRAL_DIRECTORY,
                    "its zip64 end-of-central-directory record is missing or corrupt");
            entryCount = u64(zip64End + 32);
            directorySize = u64(zip64End + 40);
            directoryOffset = u64(zip64End + 48);
        } else {
            require(entryCount != ZIP64_MARKER_16 && directorySize != ZIP64_MARKER_32 && directoryOffset != ZIP64_MARKER_32,
                    "it needs zip64 records but has no zip64 end-of-central-directory locator");
        }
        require(directoryOffset >= 0 && directorySize >= 0 && directoryOffset + directorySize <= end,
                "its central directory lies outside the file: truncated or corrupt");

        Map<String, MemorySegment> entries = new LinkedHashMap<>();
        long at = directoryOffset;
        for (long i = 0; i < entryCount; i++) {
            require(at + 46 <= directoryOffset + directorySize && u32(at) == CENTRAL_HEADER,
                    "central directory entry " + i + " is corrupt");
            int flags = u16(at + 8);
            int method = u16(at + 10);
            long compressedSize = u32(at + 20);
            long size = u32(at + 24);
            int nameLength = u16(at + 28);
            int extraLength = u16(at + 30);
            int commentLength = u16(at + 32);
            long localHeader = u32(at + 42);
            require(at + 46 + nameLength + extraLength <= directoryOffset + directorySize,
                    "central directory entry " + i + " runs past the directory");
            String name = new String(zip.asSlice(at + 46, nameLength).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);

            long extra = at + 46 + nameLength;
            long zip64 = findExtraField(extra, extra + extraLength, ZIP64_EXTRA_FIELD);
            if (zip64 >= 0) {
                // The zip64 field holds, in this order, only the values whose 32-bit slot is saturated.
                long value = zip64 + 4;
                long fieldEnd = value + u16(zip64 + 2);
                if (size == ZIP64_MARKER_32) {
                    require(value + 8 <= fieldEnd, "zip entry " + name + " lacks its zip64 size");
                    size = u64(value);
                    value += 8;
                }
                if (compressedSize == ZIP64_MARKER_32) {
                    require(value + 8 <= fieldEnd, "zip entry " + name + " lacks its zip64 compressed size");
                    compressedSize = u64(value);
                    value += 8;
                }
                if (localHeader == ZIP64_MARKER_32) {
                    require(value + 8 <= fieldEnd, "zip entry " + name + " lacks its zip64 offset");
                    localHeader = u64(value);
                }
            }
            if ((flags & 1) != 0) {
                throw new CheckpointException(file, "zip entry " + name + " is encrypted");
            }
            if (method != METHOD_STORED) {
                throw new CheckpointException(file, "zip entry " + name + " is compressed (method " + method
                        + "); torch.save stores entries uncompressed, so re-save the checkpoint with torch.save");
            }
            require(compressedSize == size, "zip entry " + name + " is stored with two different sizes");
            entries.put(name, data(name, localHeader, size));
            at += 46L + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    /** The bytes of one STORED entry: they start after its local header, whose extra field may differ from the central one. */
    private MemorySegment data(String name, long localHeader, long size) {
        require(localHeader >= 0 && localHeader + 30 <= zip.byteSize() && u32(localHeader) == LOCAL_HEADER,
                "zip entry " + name + " has no local header at offset " + localHeader);
        long start = localHeader + 30 + u16(localHeader + 26) + u16(localHeader + 28);
        require(size >= 0 && start + size <= zip.byteSize(), "zip entry " + name + " (" + size
                + " bytes at offset " + start + ") runs past the end of the file: truncated");
        return zip.asSlice(start, size);
    }

    private long findEndOfCentralDirectory() {
        long last = zip.byteSize() - END_RECORD_BYTES;
        long first = Math.max(0, last - MAX_COMMENT_BYTES);
        for (long at = last; at >= first; at--) {
            if (u32(at) == END_OF_CENTRAL_DIRECTORY && at + END_RECORD_BYTES + u16(at + 20) == zip.byteSize()) {
                return at;
            }
        }
        throw new CheckpointException(file, "not a complete zip archive (no end-of-central-directory record): "
                + "truncated, or not a torch.save file");
    }

    private long findExtraField(long from, long to, int id) {
        long at = from;
        while (at + 4 <= to) {
            int length = u16(at + 2);
            if (u16(at) == id) {
                require(at + 4 + length <= to, "a zip64 extra field is cut short");
                return at;
            }
            at += 4L + length;
        }
        return -1;
    }

    private void require(boolean condition, String problem) {
        if (!condition) {
            throw new CheckpointException(file, "corrupt zip archive: " + problem);
        }
    }

    private int u16(long at) {
        return Short.toUnsignedInt(zip.get(U16, at));
    }

    private long u32(long at) {
        return Integer.toUnsignedLong(zip.get(U32, at));
    }

    private long u64(long at) {
        return zip.get(U64, at);
    }
}
