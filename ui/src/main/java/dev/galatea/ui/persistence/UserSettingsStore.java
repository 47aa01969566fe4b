package dev.galatea.ui.persistence;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.chat.settings.SettingsJson;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** What the playground remembers between visits: the open chat and the generation settings. */
@Repository
public class UserSettingsStore {

    private static final String OPEN_CHAT = "open_chat";
    private static final String GENERATION_SETTINGS = "generation_settings";

    private final JdbcClient jdbc;

    public UserSettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Long> openChat() {
        return value(OPEN_CHAT).map(Long::valueOf);
    }

    @Transactional
    public void setOpenChat(long chatId) {
        put(OPEN_CHAT, Long.toString(chatId));
    }

    /** The last settings used, or the Pygmalion defaults. */
    public GenerationSettings generationSettings() {
        return value(GENERATION_SETTINGS)
                .map(json -> SettingsJson.read("saved generation settings", json))
                .orElse(GenerationSettings.PYGMALION_DEFAULTS);
    }

    @Transactional
    public void setGenerationSettings(GenerationSettings settings) {
        put(GENERATION_SETTINGS, SettingsJson.write(settings));
    }

    private Optional<String> value(String name) {
        return jdbc.sql("SELECT setting_value FROM user_settings WHERE name = :name")
                .param("name", name).query(String.class).optional();
    }

    private void put(String name, String value) {
        int updated = jdbc.sql("UPDATE user_settings SET setting_value = :value WHERE name = :name")
                .param("value", value).param("name", name).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO user_settings (name, setting_value) VALUES (:name, :value)")
                    .param("name", name).param("value", value).update();
        }
    }
}
