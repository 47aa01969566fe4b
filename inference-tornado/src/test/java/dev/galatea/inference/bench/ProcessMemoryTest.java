package dev.galatea.inference.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

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
