package dev.galatea.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFilesTest {
    @TempDir
    Path temp;

    @Test
    void aMappedCheckpointFileIsAdvisedToHugePages() throws IOException {
        assumeTrue(Smaps.available(), "Linux only");
        Path file = temp.resolve("weights.bin");
        Files.write(file, new byte[4 << 20]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mapped = MappedFiles.mapReadOnly(file, arena);
            assertEquals(4 << 20, mapped.byteSize());
            List<String> flags = Smaps.vmFlagsAt(mapped.address());
            assertTrue(flags.contains("hg"), "VmFlags of the mapping: " + flags);
        }
    }
}
