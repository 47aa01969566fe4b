package dev.galatea.inference.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.GalateaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TornadoVM appends printed kernels to one file; --print-kernels moves one compilation's worth into a directory. */
class KernelListingTest {
    @TempDir
    Path directory;

    @Test
    void beforeTornadovmStartsItsPrintedKernelsArePointedAtAFileOfThisProcess() {
        Properties properties = new Properties();
        KernelListing.beforeStart(properties);
        assertEquals(KernelListing.processFile().toString(), properties.getProperty("tornado.print.kernel.dir"));
        assertEquals(1, properties.size());
    }

    @Test
    void theUsersOwnKernelPrintingIsLeftAsItIs() {
        Properties toStdout = new Properties();
        toStdout.setProperty("tornado.printKernel", "True");
        KernelListing.beforeStart(toStdout);
        assertFalse(toStdout.containsKey("tornado.print.kernel.dir"), "printKernel alone prints on stdout, as asked");
        Properties toFile = new Properties();
        toFile.setProperty("tornado.print.kernel.dir", "/tmp/mine.cl");
        KernelListing.beforeStart(toFile);
        assertEquals("/tmp/mine.cl", toFile.getProperty("tornado.print.kernel.dir"));
    }

    @Test
    void aListingIsRefusedWhereTornadovmPrintsKernelsElsewhere() {
        Properties toFile = new Properties();
        toFile.setProperty("tornado.print.kernel.dir", "/tmp/mine.cl");
        assertEquals("--print-kernels: this JVM gives TornadoVM its own -Dtornado.printKernel or -Dtornado.print.kernel.dir"
                + " (/tmp/mine.cl); drop them to collect the kernels",
                assertThrows(GalateaException.class, () -> KernelListing.start(toFile)).getMessage());
        Properties toStdout = new Properties();
        toStdout.setProperty("tornado.printKernel", "True");
        assertEquals("--print-kernels: this JVM gives TornadoVM its own -Dtornado.printKernel or -Dtornado.print.kernel.dir;"
                + " drop them to collect the kernels",
                assertThrows(GalateaException.class, () -> KernelListing.start(toStdout)).getMessage());
    }

    @Test
    void theListingHoldsWhatTornadovmAppendedSinceItStartedAndReplacesAnEarlierOne() throws IOException {
        Properties properties = new Properties();
        KernelListing.beforeStart(properties);
        Files.writeString(KernelListing.processFile(), "__kernel void stale() {}\n");
        KernelListing listing = KernelListing.start(properties);
        append(listing, "__kernel void embed() {}\n");
        append(listing, "__kernel void matMul() {}\n");
        Files.writeString(directory.resolve("gptj-kernels.cl"), "an earlier run's listing");
        Path listed = listing.moveTo(directory.resolve("kernels"), "opencl");
        assertEquals(directory.resolve("kernels/gptj-kernels.cl"), listed);
        assertEquals("__kernel void embed() {}\n__kernel void matMul() {}\n", Files.readString(listed));
        assertFalse(Files.exists(KernelListing.processFile()), "the process file is emptied for the next listing");
        append(listing, ".entry matMul(\n");
        assertEquals(directory.resolve("gptj-kernels.ptx"), listing.moveTo(directory, "ptx"));
        append(listing, ".entry matMul(\n");
        assertEquals(directory.resolve("gptj-kernels.ptx"), listing.moveTo(directory, "ptx"), "replaced");
        assertEquals(".entry matMul(\n", Files.readString(directory.resolve("gptj-kernels.ptx")));
    }

    @Test
    void aCompilationThatPrintedNothingIsAnError() {
        KernelListing listing = new KernelListing(directory.resolve("never-written.txt"));
        assertEquals("--print-kernels: TornadoVM printed no kernel to " + directory.resolve("never-written.txt"),
                assertThrows(GalateaException.class, () -> listing.moveTo(directory, "opencl")).getMessage());
    }

    /** What TornadoVM's RuntimeUtilities.dumpKernel does: open the file, append, close. */
    private static void append(KernelListing listing, String kernel) throws IOException {
        Files.writeString(listing.tornadoFile(), kernel, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
