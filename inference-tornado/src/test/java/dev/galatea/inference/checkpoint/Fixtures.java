package dev.galatea.inference.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The model directories under src/test/resources/fixtures, and throw-away copies of them to break. */
final class Fixtures {
    static final String F16 = "tiny-gptj-f16";
    static final String BF16_SHARDED = "tiny-gptj-bf16-sharded";
    static final String TORCHBIN = "tiny-gptj-torchbin";

    private Fixtures() {}

    static Path directory(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("fixture " + name + " is not on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of fixture {@code name} inside {@code parent}, safe to truncate or delete from. */
    static Path copy(String name, Path parent) {
        Path target = parent.resolve(name);
        try (Stream<Path> files = Files.list(directory(name))) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
