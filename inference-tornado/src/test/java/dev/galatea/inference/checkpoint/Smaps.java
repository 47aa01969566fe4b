package dev.galatea.inference.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What Linux's /proc/self/smaps says of this test process's mappings. */
public final class Smaps {
    private Smaps() {}

    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/smaps"));
    }

    /** The VmFlags of the mapping that holds {@code address}. */
    public static List<String> vmFlagsAt(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inside = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inside && line.startsWith("VmFlags:")) {
                return List.of(line.substring("VmFlags:".length()).trim().split(" "));
            }
        }
        throw new AssertionError("no mapping holds " + Long.toHexString(address));
    }
}
