package dev.galatea.inference.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident set, as Linux reports it in /proc/self/status. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Peak resident set size in bytes (VmHWM), or -1 where /proc is not available. */
    public static long peakResidentBytes() {
        long kilobytes = statusKilobytes("VmHWM:");
        return kilobytes < 0 ? -1 : kilobytes * 1024;
    }

    /**
     * Starts the peak over from the current resident set (Linux: "5" to /proc/self/clear_refs), so a peak read
     * later covers only what came after. Silently does nothing where that is not possible.
     */
    public static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // Not Linux, or a kernel without clear_refs: the peak then covers the whole run.
        }
    }

    private static long statusKilobytes(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
