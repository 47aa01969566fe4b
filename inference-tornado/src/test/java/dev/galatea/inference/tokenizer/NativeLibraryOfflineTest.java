package dev.galatea.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DJL's tokenizer library comes out of the tokenizers jar into an empty cache, with no network access at all. */
class NativeLibraryOfflineTest {

    @Test
    void tokenizerLoadsFromAnEmptyDjlCacheWithoutTouchingTheNetwork(@TempDir Path cache) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                java.toString(), "-cp", System.getProperty("java.class.path"),
                OfflineTokenizerRun.class.getName(), GptjTokenizerTest.fixtureDir().toString());
        builder.environment().put("DJL_CACHE_DIR", cache.toString());
        builder.environment().remove("RUST_FLAVOR");
        builder.environment().remove("OPT_OUT_TRACKING");
        builder.environment().remove("DJL_OFFLINE");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);

        List<String> lines = output.lines().filter(l -> l.startsWith("ids ") || l.startsWith("refused ")).toList();
        assertEquals(List.of("ids [15496, 995]"), lines, output);
        try (Stream<Path> files = Files.walk(cache)) {
            List<String> libraries = files.filter(Files::isRegularFile).map(p -> cache.relativize(p).toString()).toList();
            assertEquals(1, libraries.size(), libraries.toString());
            assertTrue(libraries.getFirst().matches("tokenizers/[^/]+-cpu-[^/]+/libtokenizers\\.(so|dylib)"), libraries.toString());
        }
    }
}
