package dev.galatea.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.galatea.inference.checkpoint.Smaps;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {
    @TempDir
    Path temp;

    @Test
    void fileMappingsSumTheResidentAndHugePageBytesOfFilesUnderTheDirectory() {
        List<String> smaps = List.of(
                "7f8cf3800000-7f8f6f400000 r--s 00000000 fd:00 131077                     /models/gpt j/model-00001-of-00002.safetensors",
                "Size:           10485760 kB",
                "Rss:             8388608 kB",
                "FilePmdMapped:   6291456 kB",
                "VmFlags: rd mr mw me ms sd hg",
                "7f9000000000-7f9000400000 r--s 00000000 fd:00 131078                     /models/gpt j/model-00002-of-00002.safetensors",
                "Rss:                4096 kB",
                "FilePmdMapped:         0 kB",
                "7f9100000000-7f9100400000 r--s 00000000 fd:00 131079                     /models/gpt/model.safetensors",
                "Rss:                2048 kB",
                "FilePmdMapped:      2048 kB",
                "7f9200000000-7f9200400000 rw-p 00000000 00:00 0 ",
                "Rss:                1024 kB",
                "FilePmdMapped:         0 kB");
        ProcessMemory.FileMappings mappings = ProcessMemory.fileMappings(smaps, Path.of("/models/gpt j"));
        assertEquals((8388608L + 4096) * 1024, mappings.residentBytes(), "the two shards, not the other model nor the heap");
        assertEquals(6291456L * 1024, mappings.hugePageBytes());
        assertEquals(6291456.0 / (8388608 + 4096), mappings.hugePageFraction(), 1e-15);
        assertEquals(0, ProcessMemory.fileMappings(smaps, Path.of("/elsewhere")).hugePageFraction());
    }

    @Test
    void fileMappingsSeeThisProcesssTouchedMappingOfAFile() throws IOException {
        assumeTrue(Smaps.available(), "Linux only");
        Path directory = Files.createDirectory(temp.resolve("model"));
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Path file = directory.resolve("weights.bin");
        Files.write(file, new byte[1 << 20]);
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, 1 << 20, arena);
            assertEquals(0, ProcessMemory.fileMappings(directory).residentBytes(), "nothing touched yet");
            long sum = 0;
            for (long page = 0; page < mapped.byteSize(); page += 4096) {
                sum += mapped.get(ValueLayout.JAVA_BYTE, page);
            }
            assertEquals(0, sum);
            assertEquals(1 << 20, ProcessMemory.fileMappings(directory).residentBytes(), "every page touched");
            assertEquals(0, ProcessMemory.fileMappings(elsewhere).residentBytes());
        }
    }

    @Test
    void peakResidentSetCoversMemoryTheProcessTouched() {
        long touched = 96L << 20;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(touched);
            block.fill((byte) 1); // resident only once written
            assertTrue(ProcessMemory.peakResidentBytes() > touched, "VmHWM " + ProcessMemory.peakResidentBytes());
        }
    }

    @Test
    void bandwidthBuffersAreAdvisedToHugePagesAsTheWeightsAre() throws IOException {
        assumeTrue(Smaps.available(), "Linux only");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = MemoryBandwidth.buffer(arena, 8 << 20);
            assertEquals(0, buffer.address() % (2 << 20), "starts on a huge page");
            List<String> flags = Smaps.vmFlagsAt(buffer.address());
            assertTrue(flags.contains("hg"), "VmFlags of the buffer's mapping: " + flags);
        }
    }

    @Test
    void bandwidthOfACopyIsAPlausibleRate() {
        double bytesPerSecond = MemoryBandwidth.bytesPerSecond(32L << 20, 3);
        assertTrue(bytesPerSecond > 1e8 && bytesPerSecond < 1e13, bytesPerSecond + " bytes/s");
    }

    @Test
    void bandwidthOfAReadIsAPlausibleRate() {
        double bytesPerSecond = MemoryBandwidth.readBytesPerSecond(32L << 20, 3);
        assertTrue(bytesPerSecond > 1e8 && bytesPerSecond < 1e13, bytesPerSecond + " bytes/s");
    }
}
