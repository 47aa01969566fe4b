package dev.galatea.ui.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.ui.GalateaApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseStartupTest {

    @Test
    void damagedDatabaseFileStopsTheStartWithOneClearLine(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        Files.writeString(dataDir.resolve("galatea.mv.db"), "this is not an H2 database\n".repeat(200),
                StandardCharsets.UTF_8);

        assertThrows(Exception.class, () -> new SpringApplicationBuilder(GalateaApplication.class)
                .run("--galatea.data-dir=" + dataDir, "--server.port=0"));

        String url = "jdbc:h2:file:" + dataDir.toRealPath().resolve("galatea")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        assertThat(output.getOut()).contains("Galatea cannot open its database " + url + ": IO Exception: \""
                + dataDir.toRealPath().resolve("galatea.mv.db") + "\"");
        assertThat(output.getOut()).contains("Check that the data directory (--data DIR, default ./data) is writable");
    }

    @Test
    void dataDirectoryThatIsAFileStopsTheStartWithOneClearLine(@TempDir Path parent, CapturedOutput output)
            throws Exception {
        Path notADirectory = Files.writeString(parent.resolve("data"), "a file, not a folder");

        assertThrows(Exception.class, () -> new SpringApplicationBuilder(GalateaApplication.class)
                .run("--galatea.data-dir=" + notADirectory, "--server.port=0"));

        // The demo model is written into the data directory before the database opens, so that is what fails first.
        assertThat(output.getOut()).contains("Galatea cannot start: " + notADirectory.resolve("demo-model")
                + ": cannot write the synthetic model");
    }
}
