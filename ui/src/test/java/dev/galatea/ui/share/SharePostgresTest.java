package dev.galatea.ui.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.compare.ComparedColumn;
import dev.galatea.ui.compare.ComparisonPresets;
import dev.galatea.ui.compare.ComparisonStore;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.ReplyProvenance;
import dev.galatea.ui.persistence.StoredMessage;
import dev.galatea.ui.testing.PostgresApp;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Share links and kept comparisons (migrations V100 and V101) on PostgreSQL, the database several app instances
 * would share. .ci/run starts a throwaway server and sets GALATEA_TEST_POSTGRES_URL; without it this test is skipped.
 */
@EnabledIfEnvironmentVariable(named = "GALATEA_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.*",
        disabledReason = "no PostgreSQL server: set GALATEA_TEST_POSTGRES_URL (.ci/run starts one)")
class SharePostgresTest {

    @TempDir
    Path dataDir;

    @Test
    void linksRevocationAndKeptComparisonsWorkOnPostgres() throws SQLException {
        Character aqua = new Character("Aqua", "A goddess.", "Hi {{user}}!", "At the guild.", "");
        GenerationSettings greedy = ComparisonPresets.GREEDY.applyTo(GenerationSettings.PYGMALION_DEFAULTS).withSeed(3L);
        List<TokenEvent> tokens = List.of(new TokenEvent(1635, " *", -0.5, List.of()));
        try (ConfigurableApplicationContext app = PostgresApp.start(dataDir)) {
            long characterId = app.getBean(CharacterStore.class).insert(aqua);
            ChatStore chats = app.getBean(ChatStore.class);
            long chatId = chats.create(characterId, "On Postgres", "Kazuma");
            chats.append(chatId, ChatMessage.character("Hi Kazuma!"), null);
            chats.append(chatId, ChatMessage.user("Hello"), null);
            StoredMessage reply = chats.append(chatId, ChatMessage.character("*"),
                    new ReplyProvenance(greedy, 3L, "eos", tokens));

            ShareService shares = app.getBean(ShareService.class);
            ShareLink link = shares.shareChat(chatId);
            ChatSnapshot snapshot = (ChatSnapshot) shares.open(link.id());
            assertThat(snapshot.character()).isEqualTo(aqua);
            assertThat(snapshot.messages().getLast().provenance()).isEqualTo(reply.provenance());
            assertThat(shares.linksOf(chatId)).extracting(ShareLink::id).containsExactly(link.id());
            assertThat(shares.revoke(link.id())).isTrue();
            assertThrows(ShareNotFoundException.class, () -> shares.open(link.id()));

            ComparisonSnapshot comparison = new ComparisonSnapshot("Compared", snapshot.model(),
                    Instant.parse("2026-03-01T12:00:00Z"), "prompt", 16, List.of("\nYou:"),
                    List.of(new ComparedColumn("Greedy", greedy, 3L, " *", "eos", tokens, 50.0),
                            new ComparedColumn("Creative", greedy, 4L, "", "eos", List.of(), 50.0)));
            ComparisonStore comparisons = app.getBean(ComparisonStore.class);
            comparisons.save(chatId, reply.id(), 0, comparison);
            assertThat(comparisons.forChat(chatId)).singleElement().satisfies(saved -> {
                assertThat(saved.comparison()).isEqualTo(comparison);
                assertThat(saved.messageId()).isEqualTo(reply.id());
            });
            chats.truncate(chatId, reply.ordinal());
            assertThat(comparisons.forChat(chatId)).singleElement()
                    .satisfies(saved -> assertThat(saved.messageId()).as("the undone reply").isNull());
        }
    }
}
