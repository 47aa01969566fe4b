package dev.galatea.inference.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** This process's resident set, as Linux reports it in /proc/self/status and /proc/self/smaps. */
public final class ProcessMemory {
    /** A mapping's first line in smaps: range, permissions, offset, device, inode, then the path, if any. */
    private static final Pattern MAPPING = Pattern.compile("^[0-9a-f]+-[0-9a-f]+ \\S+ \\S+ \\S+ \\S+ *(.*)$");

    /**
     * What this process has of its mappings of some files resident in memory.
     *
     * @param residentBytes the resident bytes (Rss)
     * @param hugePageBytes those of them mapped in huge pages (FilePmdMapped)
     */
    public record FileMappings(long residentBytes, long hugePageBytes) {
        /** The resident share mapped in huge pages: 0 when nothing is resident. */
        public double hugePageFraction() {
            return residentBytes == 0 ? 0 : (double) hugePageBytes / residentBytes;
        }
    }

    private ProcessMemory() {}

    /** This process's mappings of files under {@code directory}; empty where /proc is not available. */
    public static FileMappings fileMappings(Path directory) {
        try {
            return fileMappings(Files.readAllLines(Path.of("/proc/self/smaps")), directory.toRealPath());
        } catch (IOException | RuntimeException e) {
            return new FileMappings(0, 0);
        }
    }

    /** {@link #fileMappings(Path)} over the lines of an smaps file, for a directory given as a real path. */
    static FileMappings fileMappings(List<String> smaps, Path directory) {
        long resident = 0;
        long huge = 0;
        boolean inDirectory = false;
        for (String line : smaps) {
            Matcher mapping = MAPPING.matcher(line);
            if (mapping.matches()) {
                String path = mapping.group(1);
                inDirectory = path.startsWith("/") && Path.of(path).startsWith(directory);
            } else if (inDirectory && line.startsWith("Rss:")) {
                resident += kilobytes(line, "Rss:") * 1024;
            } else if (inDirectory && line.startsWith("FilePmdMapped:")) {
                huge += kilobytes(line, "FilePmdMapped:") * 1024;
            }
        }
        return new FileMappings(resident, huge);
    }

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
                    return kilobytes(line, key);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The number of a "Key:   123 kB" line. */
    private static long kilobytes(String line, String key) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
    }
}
