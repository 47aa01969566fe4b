package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;

/**
 * Collects the OpenCL C / PTX that TornadoVM generates for a plan printed with {@code withPrintKernel()}.
 * TornadoVM reads {@value #FILE_PROPERTY} once, when it starts, as a file to append each printed kernel to; left
 * empty, it prints them on stdout, in the middle of the JSON a command writes there. So before TornadoVM starts,
 * {@link #beforeStart} points it at a file of this process, and a listing moves what TornadoVM appended during a
 * compilation into the directory the user named.
 *
 * @param tornadoFile the file TornadoVM appends printed kernels to
 */
record KernelListing(Path tornadoFile) {
    static final String PRINT_PROPERTY = "tornado.printKernel";
    static final String FILE_PROPERTY = "tornado.print.kernel.dir";

    /** This process's file for TornadoVM's printed kernels; it exists only while a listing is being collected. */
    static Path processFile() {
        return Path.of(System.getProperty("java.io.tmpdir"), "galatea-kernels-" + ProcessHandle.current().pid() + ".txt");
    }

    /** Points TornadoVM's printed kernels at {@link #processFile}, unless the user told TornadoVM where they go. */
    static void beforeStart(Properties properties) {
        if (!properties.containsKey(PRINT_PROPERTY) && !properties.containsKey(FILE_PROPERTY)) {
            properties.setProperty(FILE_PROPERTY, processFile().toString());
        }
    }

    /**
     * An empty listing, ready for one compilation. Refused when TornadoVM prints kernels somewhere else: to stdout
     * or to the user's own file, where they cannot be told apart from other plans' kernels.
     */
    static KernelListing start(Properties properties) {
        String file = properties.getProperty(FILE_PROPERTY, "");
        if (properties.containsKey(PRINT_PROPERTY) || !file.equals(processFile().toString())) {
            throw new GalateaException("--print-kernels: this JVM gives TornadoVM its own -D" + PRINT_PROPERTY + " or -D"
                    + FILE_PROPERTY + (file.isEmpty() ? "" : " (" + file + ")") + "; drop them to collect the kernels");
        }
        KernelListing listing = new KernelListing(processFile());
        listing.tornadoFile.toFile().deleteOnExit();
        listing.clear();
        return listing;
    }

    /** Forgets whatever TornadoVM appended so far. */
    void clear() {
        try {
            Files.deleteIfExists(tornadoFile);
        } catch (IOException e) {
            throw new GalateaException("--print-kernels: cannot empty " + tornadoFile + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Moves the kernels TornadoVM appended since {@link #clear} into {@code directory}, as gptj-kernels.cl (OpenCL
     * C) or gptj-kernels.ptx, replacing an earlier listing there.
     *
     * @param backend TornadoVM's backend: "opencl", "ptx" or "spirv"
     * @return the listing's file
     */
    Path moveTo(Path directory, String backend) {
        if (!Files.isRegularFile(tornadoFile)) {
            throw new GalateaException("--print-kernels: TornadoVM printed no kernel to " + tornadoFile);
        }
        Path target = directory.resolve("gptj-kernels." + switch (backend.toLowerCase(Locale.ROOT)) {
            case "opencl" -> "cl";
            case "ptx" -> "ptx";
            default -> "txt";
        });
        try {
            Files.createDirectories(directory);
            Files.move(tornadoFile, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new GalateaException("--print-kernels " + directory + ": cannot write " + target + " (" + e + ")", e);
        }
    }
}
