package dev.galatea.ui.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.galatea.chat.character.Avatar;
import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.chat.settings.Preset;
import dev.galatea.chat.settings.Presets;
import dev.galatea.ui.GalateaApplication;
import dev.galatea.ui.generation.TokenAlternative;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Everything saved lands in the H2 file of the data directory and is there again after a restart. */
class PersistenceRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void charactersChatsPresetsAndSettingsSurviveARestart() {
        Avatar avatar = new Avatar(TestImages.png(2, 2, 0x3366cc));
        Character aqua = new Character("Aqua", "A goddess. <script>alert(1)</script>", "*waves* Hi {{user}}!",
                "At the guild.", "You: hi\nAqua: *smiles* hello", avatar);
        GenerationSettings settings = new GenerationSettings(64, 0.7, 0.8, 20, 1.0, 1.1, 0.0, 0.05, true, null,
                List.of("\nYou:"), List.of("<START>"), 0);
        List<TokenEvent> tokens = List.of(
                new TokenEvent(1101, " *", -0.5, List.of(new TokenAlternative(" *", 0.6065), new TokenAlternative(" I", 0.2))),
                new TokenEvent(26051, "grins", -1.25, List.of(new TokenAlternative("grins", 0.2865))));

        long characterId;
        long chatId;
        try (ConfigurableApplicationContext app = start()) {
            characterId = app.getBean(CharacterStore.class).insert(aqua);
            ChatStore chats = app.getBean(ChatStore.class);
            chatId = chats.create(characterId, "First chat", "Kazuma");
            chats.append(chatId, ChatMessage.character("*waves* Hi Kazuma!"), null);
            chats.append(chatId, ChatMessage.user("Hello there"), null);
            chats.append(chatId, ChatMessage.character("*grins*"), new ReplyProvenance(settings, 42L, "eos", tokens));
            app.getBean(PresetStore.class).save("Mine", settings);
            app.getBean(UserSettingsStore.class).setOpenChat(chatId);
            app.getBean(UserSettingsStore.class).setGenerationSettings(settings.withSeed(7L));
        }

        try (ConfigurableApplicationContext app = start()) {
            assertThat(app.getBean(CharacterStore.class).find(characterId).orElseThrow().character()).isEqualTo(aqua);
            ChatStore chats = app.getBean(ChatStore.class);
            ChatStore.ChatSummary summary = chats.find(chatId).orElseThrow();
            assertThat(summary.title()).isEqualTo("First chat");
            assertThat(summary.userName()).isEqualTo("Kazuma");
            assertThat(summary.characterName()).isEqualTo("Aqua");

            List<StoredMessage> messages = chats.messages(chatId);
            assertThat(messages).extracting(StoredMessage::message).containsExactly(
                    ChatMessage.character("*waves* Hi Kazuma!"), ChatMessage.user("Hello there"),
                    ChatMessage.character("*grins*"));
            assertThat(messages).extracting(StoredMessage::ordinal).containsExactly(0, 1, 2);
            assertThat(messages.get(1).provenance()).isNull();
            assertThat(messages.get(2).provenance())
                    .isEqualTo(new ReplyProvenance(settings.withSeed(42L), 42L, "eos", tokens));

            assertThat(app.getBean(PresetStore.class).list()).containsExactly(
                    Preset.of("Mine", PresetStore.ORIGIN, settings));
            assertThat(app.getBean(UserSettingsStore.class).openChat()).contains(chatId);
            assertThat(app.getBean(UserSettingsStore.class).generationSettings()).isEqualTo(settings.withSeed(7L));
        }
    }

    @Test
    void truncateRemovesTheLastExchangeAndAppendContinuesTheNumbering() {
        try (ConfigurableApplicationContext app = start()) {
            long characterId = app.getBean(CharacterStore.class).insert(new Character("Aqua", "", "Hi", "", ""));
            ChatStore chats = app.getBean(ChatStore.class);
            long chatId = chats.create(characterId, "Chat", "");
            chats.append(chatId, ChatMessage.character("Hi"), null);
            chats.append(chatId, ChatMessage.user("one"), null);
            chats.append(chatId, ChatMessage.character("two"), null);

            chats.truncate(chatId, 1);
            chats.append(chatId, ChatMessage.user("three"), null);

            assertThat(chats.messages(chatId)).extracting(StoredMessage::ordinal, m -> m.message().text())
                    .containsExactly(tuple(0, "Hi"), tuple(1, "three"));
        }
    }

    @Test
    void savingAPresetUnderAnExistingNameReplacesIt() {
        try (ConfigurableApplicationContext app = start()) {
            PresetStore presets = app.getBean(PresetStore.class);
            presets.save("Mine", GenerationSettings.PYGMALION_DEFAULTS);
            presets.save(" Mine ", Presets.GREEDY.applyTo(GenerationSettings.PYGMALION_DEFAULTS));

            assertThat(presets.list()).singleElement()
                    .satisfies(preset -> assertThat(preset.doSample()).isFalse())
                    .satisfies(preset -> assertThat(preset.name()).isEqualTo("Mine"));
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(GalateaApplication.class)
                .run("--galatea.data-dir=" + dataDir, "--server.port=0");
    }

}
