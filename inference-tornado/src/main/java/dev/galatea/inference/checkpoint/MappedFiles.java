package dev.galatea.inference.checkpoint;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Read-only memory maps: a checkpoint's bytes stay in the page cache, never on the Java heap. */
final class MappedFiles {
    /** Linux's MADV_HUGEPAGE. */
    private static final int MADV_HUGEPAGE = 14;
    private static final Optional<MethodHandle> MADVISE = System.getProperty("os.name").equals("Linux")
            ? Linker.nativeLinker().defaultLookup().find("madvise").map(address -> Linker.nativeLinker().downcallHandle(
                    address, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)))
            : Optional.empty();

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
        adviseHugePages(mapped);
        return mapped;
    }

    /**
     * Asks Linux for 2 MiB pages (MADV_HUGEPAGE): the parts of the file not yet cached are then read in huge folios,
     * which the kernel maps with one TLB entry per 2 MiB. A decode step streams every weight once, and this machine's
     * nested paging makes 4 KiB mappings costly: GPT-J-6B decoded 1.5 to 1.9 times slower with its weights forced
     * into 4 KiB mappings (MADV_NOHUGEPAGE, alternated runs). It is only advice: a kernel without file huge pages,
     * or a file already cached in small pages, keeps 4 KiB mappings, and the bench reports the share it got
     * ({@code weights_huge_page_fraction}).
     */
    private static void adviseHugePages(MemorySegment mapped) {
        if (MADVISE.isEmpty() || mapped.byteSize() == 0) {
            return;
        }
        try {
            int ignored = (int) MADVISE.get().invokeExact(mapped, mapped.byteSize(), MADV_HUGEPAGE);
        } catch (Throwable e) {
            throw new IllegalStateException("madvise failed to run", e);
        }
    }
}
