package dev.galatea.inference.checkpoint;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Read-only memory maps: a checkpoint's bytes stay in the page cache, never on the Java heap. */
final class MappedFiles {
    private MappedFiles() {}

    /** Maps all of {@code file}, advised to huge pages; the mapping lives as long as {@code arena}. */
    static MemorySegment mapReadOnly(Path file, Arena arena) {
        MemorySegment mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "missing");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        HugePages.advise(mapped);
        return mapped;
    }
}
