package dev.galatea.ui.persistence;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.chat.settings.Preset;
import dev.galatea.chat.settings.SettingsJson;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The presets users saved; the built-in ones are {@link dev.galatea.chat.settings.Presets}. */
@Repository
public class PresetStore {

    static final String ORIGIN = "saved by you";

    private final JdbcClient jdbc;

    public PresetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Saves the sampler values of {@code settings} under {@code name}, replacing a preset of that name. */
    @Transactional
    public Preset save(String name, GenerationSettings settings) {
        Preset preset = Preset.of(name.strip(), ORIGIN, settings);
        String json = SettingsJson.write(preset.applyTo(GenerationSettings.PYGMALION_DEFAULTS));
        int updated = jdbc.sql("UPDATE presets SET settings_json = :json WHERE name = :name")
                .param("json", json).param("name", preset.name()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO presets (name, settings_json) VALUES (:name, :json)")
                    .param("name", preset.name()).param("json", json).update();
        }
        return preset;
    }

    /** In the order they were saved. */
    public List<Preset> list() {
        return jdbc.sql("SELECT name, settings_json FROM presets ORDER BY id")
                .query((rs, row) -> Preset.of(rs.getString("name"), ORIGIN,
                        SettingsJson.read("preset \"" + rs.getString("name") + "\"", rs.getString("settings_json"))))
                .list();
    }

    @Transactional
    public void delete(String name) {
        jdbc.sql("DELETE FROM presets WHERE name = :name").param("name", name).update();
    }
}
