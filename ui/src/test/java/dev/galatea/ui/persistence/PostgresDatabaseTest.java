package dev.galatea.ui.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.testing.PostgresApp;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same Flyway migrations and stores on PostgreSQL, the database several app instances would share.
 * .ci/run starts a throwaway server and sets GALATEA_TEST_POSTGRES_URL (a JDBC URL of a database the test may
 * create others from); without it this test is skipped.
 */
@EnabledIfEnvironmentVariable(named = "GALATEA_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.*",
        disabledReason = "no PostgreSQL server: set GALATEA_TEST_POSTGRES_URL (.ci/run starts one)")
class PostgresDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void migrationsAndStoresWorkOnPostgres() throws SQLException {
        GenerationSettings settings = GenerationSettings.PYGMALION_DEFAULTS.withSeed(9L);
        Character aqua = new Character("Aqua", "A goddess.", "Hi {{user}}!", "At the guild.", "You: hi\nAqua: hello");
        try (ConfigurableApplicationContext app = PostgresApp.start(dataDir)) {
            long characterId = app.getBean(CharacterStore.class).insert(aqua);
            ChatStore chats = app.getBean(ChatStore.class);
            long chatId = chats.create(characterId, "On Postgres", "Kazuma");
            chats.append(chatId, ChatMessage.character("Hi Kazuma!"), null);
            chats.append(chatId, ChatMessage.character("*grins*"), new ReplyProvenance(settings, 9L, "eos", List.of()));

            assertThat(app.getBean(CharacterStore.class).find(characterId).orElseThrow().character()).isEqualTo(aqua);
            assertThat(chats.messages(chatId)).extracting(m -> m.message().text()).containsExactly("Hi Kazuma!", "*grins*");
            assertThat(chats.messages(chatId).get(1).provenance().settings()).isEqualTo(settings);
        }
    }
}
