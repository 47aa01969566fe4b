package dev.galatea.ui.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.chat.character.Avatar;
import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.generation.TokenAlternative;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.ReplyProvenance;
import dev.galatea.ui.persistence.StoredMessage;
import dev.galatea.ui.persistence.UserSettingsStore;
import dev.galatea.ui.testing.ScriptedReplyEngine;
import dev.galatea.ui.testing.TestImages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareServiceTest {

    private static final Instant SHARED_AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final Character AQUA = new Character("Aqua", "A goddess of water.", "*waves* Hi {{user}}!",
            "At the guild.", "You: hi\nAqua: *smiles* hello", new Avatar(TestImages.png(2, 2, 0x3366cc)));
    private static final GenerationSettings SETTINGS = new GenerationSettings(64, 0.7, 0.8, 20, 1.0, 1.1, 0.0, 0.05,
            true, 99L, List.of("\nYou:"), List.of("<START>"), 8);
    private static final ReplyProvenance REPLY = new ReplyProvenance(SETTINGS.withSeed(42L), 42L, "eos", List.of(
            new TokenEvent(1635, " *", -0.5, List.of(new TokenAlternative(" *", 0.6065), new TokenAlternative(" I", 0.2))),
            new TokenEvent(2164, "grins", -1.25, List.of(new TokenAlternative("grins", 0.2865)))));

    private CountingDatabase database;
    private CharacterStore characters;
    private ChatStore chats;
    private UserSettingsStore userSettings;
    private ShareService shares;

    @BeforeEach
    void emptyDatabase() {
        open(CountingDatabase.migrated("mem:share-" + UUID.randomUUID()));
    }

    @Test
    void idThatIsNotWellFormedIsRefusedBeforeAnyDatabaseQuery() {
        List<String> malformed = List.of("", "abc", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA",
                "' OR '1'='1' --AAAAAAA", "AAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAA+A", "../../../etc/passwd",
                "AAAAAAAAAAAAAAAAAAAA%00");
        int before = database.connectionsTaken();
        for (String id : malformed) {
            assertThrows(ShareNotFoundException.class, () -> shares.open(id), id);
            assertThat(shares.revoke(id)).as(id).isFalse();
        }
        assertThat(database.connectionsTaken()).isEqualTo(before);

        // A well-formed id that no link has does reach the database, which shows the count sees queries.
        assertThrows(ShareNotFoundException.class, () -> shares.open(ShareId.next()));
        assertThat(database.connectionsTaken()).isEqualTo(before + 1);
    }

    @Test
    void sharedChatIsASnapshotThatLaterEditsAndDeletionsDoNotChange() {
        long chatId = chatWithOneReply();
        userSettings.setGenerationSettings(SETTINGS);
        ShareLink link = shares.shareChat(chatId);

        ChatSnapshot expected = new ChatSnapshot("Chat with Aqua", new ModelIdentity("scripted-test-model", "scripted"),
                SHARED_AT, AQUA, "Kazuma", SETTINGS, List.of(
                new ChatSnapshot.Message(ChatMessage.character("*waves* Hi Kazuma!"), null),
                new ChatSnapshot.Message(ChatMessage.user("Hello there"), null),
                new ChatSnapshot.Message(ChatMessage.character("*grins*"), REPLY)));
        assertThat(shares.open(link.id())).isEqualTo(expected);
        assertThat(link.path()).isEqualTo("/s/" + link.id());
        assertThat(link.title()).isEqualTo("Chat with Aqua");

        long characterId = chats.find(chatId).orElseThrow().characterId();
        characters.update(characterId, new Character("Aqua", "Edited persona", "Edited greeting", "", ""));
        chats.truncate(chatId, 1);
        chats.append(chatId, ChatMessage.user("A different turn"), null);
        chats.rename(chatId, "Renamed");
        chats.setUserName(chatId, "Darkness");
        userSettings.setGenerationSettings(GenerationSettings.PYGMALION_DEFAULTS);
        assertThat(shares.open(link.id())).isEqualTo(expected);

        characters.delete(characterId);
        assertThat(chats.find(chatId)).isEmpty();
        assertThat(shares.open(link.id())).isEqualTo(expected);
    }

    @Test
    void revokedLinkIsNotFoundAndTheChatsOtherLinksKeepWorking() {
        long chatId = chatWithOneReply();
        ShareLink first = shares.shareChat(chatId);
        ShareLink second = shares.shareChat(chatId);
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(shares.linksOf(chatId)).extracting(ShareLink::id).containsExactlyInAnyOrder(first.id(), second.id());

        assertThat(shares.revoke(first.id())).isTrue();

        assertThrows(ShareNotFoundException.class, () -> shares.open(first.id()));
        assertThat(shares.open(second.id())).isInstanceOf(ChatSnapshot.class);
        assertThat(shares.linksOf(chatId)).extracting(ShareLink::id).containsExactly(second.id());
        assertThat(shares.revoke(first.id())).as("revoking twice").isFalse();
        assertThat(shares.revoke(ShareId.next())).as("revoking an unknown link").isFalse();
        assertThrows(ShareNotFoundException.class, () -> shares.open(first.id()));
    }

    @Test
    void linksAndTheirRevocationSurviveARestart(@TempDir Path dataDir) {
        open(CountingDatabase.migrated("file:" + dataDir.resolve("galatea")));
        long chatId = chatWithOneReply();
        ShareLink kept = shares.shareChat(chatId);
        ShareLink revoked = shares.shareChat(chatId);
        shares.revoke(revoked.id());
        Snapshot before = shares.open(kept.id());
        database.shutdown();

        open(CountingDatabase.migrated("file:" + dataDir.resolve("galatea")));
        assertThat(shares.open(kept.id())).isEqualTo(before);
        assertThrows(ShareNotFoundException.class, () -> shares.open(revoked.id()));
        database.shutdown();
    }

    @Test
    void forkCopiesTheCharacterAndEveryMessageIntoANewChatThatEditsOnItsOwn() {
        long chatId = chatWithOneReply();
        ShareLink link = shares.shareChat(chatId);
        ChatSnapshot snapshot = (ChatSnapshot) shares.open(link.id());

        long forkId = shares.fork(snapshot);

        assertThat(forkId).isNotEqualTo(chatId);
        ChatStore.ChatSummary fork = chats.find(forkId).orElseThrow();
        assertThat(fork.characterId()).isNotEqualTo(chats.find(chatId).orElseThrow().characterId());
        assertThat(characters.find(fork.characterId()).orElseThrow().character()).isEqualTo(AQUA);
        assertThat(fork.title()).isEqualTo("Chat with Aqua");
        assertThat(fork.userName()).isEqualTo("Kazuma");
        assertThat(chats.messages(forkId)).extracting(StoredMessage::message, StoredMessage::provenance)
                .containsExactlyElementsOf(snapshot.messages().stream()
                        .map(m -> tuple(m.message(), m.provenance())).toList());

        chats.append(forkId, ChatMessage.user("Continuing the fork"), null);
        assertThat(chats.messages(chatId)).hasSize(3);
        assertThat(shares.open(link.id())).isEqualTo(snapshot);
    }

    private long chatWithOneReply() {
        long characterId = characters.insert(AQUA);
        long chatId = chats.create(characterId, "Chat with Aqua", "Kazuma");
        chats.append(chatId, ChatMessage.character("*waves* Hi Kazuma!"), null);
        chats.append(chatId, ChatMessage.user("Hello there"), null);
        chats.append(chatId, ChatMessage.character("*grins*"), REPLY);
        return chatId;
    }

    private void open(CountingDatabase db) {
        database = db;
        var jdbc = db.jdbc();
        characters = new CharacterStore(jdbc);
        chats = new ChatStore(jdbc, new ObjectMapper());
        userSettings = new UserSettingsStore(jdbc);
        shares = new ShareService(new ShareStore(jdbc), chats, characters, userSettings,
                new ScriptedReplyEngine(Duration.ZERO), Clock.fixed(SHARED_AT, ZoneOffset.UTC));
    }
}
