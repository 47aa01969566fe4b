package dev.galatea.inference.checkpoint;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Asks Linux for 2 MiB pages (MADV_HUGEPAGE) for a mapping not yet touched: a file's parts not yet cached are then
 * read in huge folios, and memory is mapped with one TLB entry per 2 MiB. A decode step streams every weight once,
 * and this machine's nested paging makes 4 KiB mappings costly: GPT-J-6B decoded 1.5 to 1.9 times slower with its
 * weights forced into 4 KiB mappings (MADV_NOHUGEPAGE, alternated runs). It is only advice: a kernel without
 * huge pages, or a file already cached in small pages, keeps 4 KiB mappings, and the bench reports the share the
 * weights got ({@code weights_huge_page_fraction}).
 */
public final class HugePages {
    private static final int MADV_HUGEPAGE = 14;
    private static final Optional<MethodHandle> MADVISE = System.getProperty("os.name").equals("Linux")
            ? Linker.nativeLinker().defaultLookup().find("madvise").map(address -> Linker.nativeLinker().downcallHandle(
                    address, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)))
            : Optional.empty();

    private HugePages() {}

    /** Advises the whole of {@code memory}, which must start on a page; elsewhere than Linux, does nothing. */
    public static void advise(MemorySegment memory) {
        if (MADVISE.isEmpty() || memory.byteSize() == 0) {
            return;
        }
        try {
            int ignored = (int) MADVISE.get().invokeExact(memory, memory.byteSize(), MADV_HUGEPAGE);
        } catch (Throwable e) {
            throw new IllegalStateException("madvise failed to run", e);
        }
    }
}
