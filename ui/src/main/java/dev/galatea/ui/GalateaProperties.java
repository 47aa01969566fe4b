package dev.galatea.ui;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the launcher and the environment tell the app.
 *
 * @param model   the model directory ({@code --model}, {@code GALATEA_MODEL}); null means the embedded demo model
 * @param dataDir where the H2 database lives ({@code --data}, {@code GALATEA_DATA_DIR})
 * @param backend the forward-pass backend the engine should use ({@code --backend}); "auto" lets the engine choose
 */
@ConfigurationProperties("galatea")
public record GalateaProperties(Path model, @DefaultValue("./data") Path dataDir, @DefaultValue("auto") String backend) {
}
