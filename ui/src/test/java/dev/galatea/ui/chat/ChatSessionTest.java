package dev.galatea.ui.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.BuiltPrompt;
import dev.galatea.chat.prompt.ChatLogException;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.generation.GenerationQueue;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.StoredMessage;
import dev.galatea.ui.persistence.UserSettingsStore;
import dev.galatea.ui.testing.ScriptedReplyEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class ChatSessionTest {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("galatea-chat-session-");
        registry.add("galatea.data-dir", dir::toString);
    }

    private static final Character AQUA = new Character("Aqua", "A goddess of water.", "*waves* Hi {{user}}!",
            "At the guild.", "");
    private static final ChatSession.Persona KAZUMA = new ChatSession.Persona(AQUA, "Kazuma");
    private static final GenerationSettings SEED_42 = GenerationSettings.PYGMALION_DEFAULTS.withSeed(42L);

    /** Scripted, so that replies are exact texts and slow enough to stop half-way. */
    private final ScriptedReplyEngine engine = new ScriptedReplyEngine(Duration.ofMillis(40));
    private final GenerationQueue queue = new GenerationQueue(engine);
    @Autowired
    CharacterStore characters;
    @Autowired
    ChatStore chats;
    @Autowired
    UserSettingsStore userSettings;

    private final Heard heard = new Heard();
    private ChatSession session;

    @BeforeEach
    void newSession() {
        session = new ChatSession(new ChatServices(engine, queue, characters, chats, userSettings, () -> 7L),
                Runnable::run, heard);
    }

    @AfterEach
    void stopLeftovers() {
        session.stop();
        queue.close();
    }

    @Test
    void aMessageGetsAStreamedReplySavedWithItsSeedAndSettings() throws Exception {
        int before = engine.requests().size();
        session.send(KAZUMA, "Hello!", SEED_42);
        heard.awaitFinish();

        var request = engine.requests().get(before);
        assertThat(request.prompt()).isEqualTo("""
                Aqua's Persona: A goddess of water.
                Scenario: At the guild.
                <START>
                Aqua: *waves* Hi Kazuma!
                You: Hello!
                Aqua:""");
        assertThat(request.seed()).isEqualTo(42L);
        assertThat(request.stopStrings()).containsExactly("\nYou:", "\nKazuma:");
        assertThat(heard.tokens).extracting(TokenEvent::text).containsExactlyElementsOf(ScriptedReplyEngine.REPLY_TOKENS);

        List<StoredMessage> saved = chats.messages(session.chatId().orElseThrow());
        assertThat(saved).extracting(StoredMessage::message).containsExactly(
                ChatMessage.character("*waves* Hi Kazuma!"), ChatMessage.user("Hello!"),
                ChatMessage.character("*waves* Hello there, friend!"));
        assertThat(saved.get(2).provenance().seed()).isEqualTo(42L);
        assertThat(saved.get(2).provenance().settings()).isEqualTo(SEED_42);
        assertThat(saved.get(2).provenance().finishReason()).isEqualTo("eos");
        assertThat(saved.get(2).provenance().tokens()).hasSize(8);
        assertThat(session.messages()).isEqualTo(saved);
        assertThat(userSettings.openChat()).contains(session.chatId().orElseThrow());
    }

    /** Past the notebook's 8 turns, a window of 0 keeps the greeting, and each prompt starts with the one before. */
    @Test
    void withEveryTurnKeptEachPromptRepeatsTheLastOneWhereTheNotebooksWindowSlides() throws Exception {
        GenerationSettings defaults = GenerationSettings.PYGMALION_DEFAULTS;
        GenerationSettings everyTurn = new GenerationSettings(defaults.maxNewTokens(), defaults.temperature(),
                defaults.topP(), defaults.topK(), defaults.typicalP(), defaults.repetitionPenalty(),
                defaults.penaltyAlpha(), defaults.minP(), defaults.doSample(), 42L, defaults.stopStrings(),
                defaults.bannedWords(), 0);
        int before = engine.requests().size();
        for (int i = 0; i < 5; i++) {
            session.send(KAZUMA, "Message " + i, everyTurn);
            heard.awaitFinish();
        }
        List<String> prompts = engine.requests().subList(before, before + 5).stream().map(r -> r.prompt()).toList();
        assertThat(prompts.get(4)).startsWith("Aqua's Persona: A goddess of water.\nScenario: At the guild.\n<START>\n"
                + "Aqua: *waves* Hi Kazuma!\nYou: Message 0\nAqua: *waves* Hello there, friend!\n");
        for (int i = 1; i < 5; i++) {
            assertThat(prompts.get(i)).startsWith(prompts.get(i - 1));
        }

        session.send(KAZUMA, "Message 5", SEED_42);
        heard.awaitFinish();
        assertThat(engine.requests().get(before + 5).prompt())
                .startsWith("Aqua's Persona: A goddess of water.\nScenario: At the guild.\n<START>\nYou: Message 1\n")
                .doesNotContain("Hi Kazuma!");
    }

    /**
     * A model with a 64-token context gets prompts fitted to 64 tokens, not to GPT-J's 2048: after four exchanges
     * (the greeting already outside the notebook's window), the oldest exchange in the window makes way for the reply.
     */
    @Test
    void promptsAreFittedToTheLoadedModelsContext() throws Exception {
        ScriptedReplyEngine small = new ScriptedReplyEngine(Duration.ZERO, 64);
        GenerationSettings d = SEED_42;
        GenerationSettings replyOf24 = new GenerationSettings(24, d.temperature(), d.topP(), d.topK(),
                d.typicalP(), d.repetitionPenalty(), d.penaltyAlpha(), d.minP(), d.doSample(), d.seed(),
                d.stopStrings(), d.bannedWords(), d.historyTurns());
        try (GenerationQueue smallQueue = new GenerationQueue(small)) {
            ChatSession smallSession = new ChatSession(
                    new ChatServices(small, smallQueue, characters, chats, userSettings, () -> 7L), Runnable::run, heard);
            for (int i = 0; i < 4; i++) {
                smallSession.send(KAZUMA, "Message " + i, replyOf24);
                heard.awaitFinish();
            }
            BuiltPrompt next = smallSession.preview(KAZUMA, "Message 4", replyOf24);

            assertThat(next.contextTokens()).isEqualTo(64);
            assertThat(next.totalTokens()).isLessThanOrEqualTo(64);
            assertThat(next.droppedForBudget()).containsExactly(1, 2);
            smallSession.send(KAZUMA, "Message 4", replyOf24);
            heard.awaitFinish();
            assertThat(small.requests().getLast().prompt()).isEqualTo(next.text()).startsWith(
                    "Aqua's Persona: A goddess of water.\nScenario: At the guild.\n<START>\nYou: Message 1\n");
        }
    }

    @Test
    void anEmptyMessageIsSentAsEllipsis() throws Exception {
        int before = engine.requests().size();
        session.send(KAZUMA, "  ", SEED_42);
        heard.awaitFinish();

        assertThat(engine.requests().get(before).prompt()).endsWith("Aqua: *waves* Hi Kazuma!\nYou: ...\nAqua:");
        assertThat(session.messages().get(1).message()).isEqualTo(ChatMessage.user("..."));
    }

    @Test
    void regenerateReplacesTheLastReplyUsingANewRandomSeed() throws Exception {
        session.send(KAZUMA, "Hello!", SEED_42);
        heard.awaitFinish();
        int before = engine.requests().size();

        session.regenerate(KAZUMA, GenerationSettings.PYGMALION_DEFAULTS);
        heard.awaitFinish();

        assertThat(engine.requests().get(before).seed()).isEqualTo(7L);
        assertThat(engine.requests().get(before).prompt()).endsWith("You: Hello!\nAqua:");
        List<StoredMessage> saved = chats.messages(session.chatId().orElseThrow());
        assertThat(saved).hasSize(3);
        assertThat(saved.get(2).provenance().seed()).isEqualTo(7L);
        assertThat(saved.get(2).provenance().settings().seed()).isEqualTo(7L);
    }

    @Test
    void undoRemovesTheLastExchangeButNeverTheGreeting() throws Exception {
        session.send(KAZUMA, "Hello!", SEED_42);
        heard.awaitFinish();

        assertThat(session.undo()).isTrue();
        assertThat(session.undo()).isFalse();

        assertThat(chats.messages(session.chatId().orElseThrow())).extracting(StoredMessage::message)
                .containsExactly(ChatMessage.character("*waves* Hi Kazuma!"));
        assertThat(session.messages()).hasSize(1);
    }

    @Test
    void stopKeepsThePartialReply() throws Exception {
        session.send(KAZUMA, "Hello!", SEED_42);
        heard.awaitTokens(3);
        session.stop();
        heard.awaitFinish();

        ReplyResult result = heard.results.getFirst();
        assertThat(result.finishReason()).isEqualTo("cancelled");
        StoredMessage reply = chats.messages(session.chatId().orElseThrow()).get(2);
        assertThat(reply.provenance().finishReason()).isEqualTo("cancelled");
        String partial = String.join("", heard.tokens.stream().map(TokenEvent::text).toList()).strip();
        assertThat(reply.message().text()).isEqualTo(partial);
        assertThat(partial).startsWith("*waves*");
        assertThat(partial).isNotEqualTo("*waves* Hello there, friend!");
    }

    @Test
    void aSavedChatLogLoadsAsANewChatAndABrokenOneChangesNothing() throws Exception {
        session.send(KAZUMA, "Hello!", SEED_42);
        heard.awaitFinish();
        byte[] log = session.chatLog();
        assertThat(new String(log, StandardCharsets.UTF_8)).isEqualTo(
                "{\"chat\":[\"Aqua: *waves* Hi Kazuma!\",\"You: Hello!\",\"Aqua: *waves* Hello there, friend!\"]}");
        long firstChat = session.chatId().orElseThrow();

        assertThatThrownBy(() -> session.loadChatLog(KAZUMA, "broken.json", "{\"chat\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ChatLogException.class)
                .hasMessageStartingWith("broken.json");
        assertThat(session.chatId()).contains(firstChat);
        assertThat(session.messages()).hasSize(3);

        session.loadChatLog(KAZUMA, "saved.json", log);
        assertThat(session.chatId()).isNotEqualTo(Optional.of(firstChat));
        assertThat(session.messages()).extracting(StoredMessage::message).containsExactly(
                ChatMessage.character("*waves* Hi Kazuma!"), ChatMessage.user("Hello!"),
                ChatMessage.character("*waves* Hello there, friend!"));
    }

    @Test
    void deletingTheOpenChatKeepsTheCharacterAndForgetsOnlyThatChat() {
        session.startChat(KAZUMA);
        long other = session.chatId().orElseThrow();
        session.startChat(KAZUMA);
        long open = session.chatId().orElseThrow();
        long aqua = session.characterId().orElseThrow();

        session.deleteChat(other);
        assertThat(chats.find(other)).isEmpty();
        assertThat(session.chatId()).contains(open);
        assertThat(session.messages()).hasSize(1);

        session.deleteChat(open);
        assertThat(chats.find(open)).isEmpty();
        assertThat(session.chatId()).isEmpty();
        assertThat(session.messages()).isEmpty();
        assertThat(session.characterId()).contains(aqua);
        assertThat(session.character()).contains(AQUA);
        assertThat(new ChatSession(new ChatServices(engine, queue, characters, chats, userSettings, () -> 7L),
                Runnable::run, heard).openLast()).as("the deleted chat no longer opens at start").isFalse();
    }

    @Test
    void deletingTheOpenCharacterDeletesItsChatsAndForgetsTheSelection() {
        session.startChat(KAZUMA);
        long chat = session.chatId().orElseThrow();
        long aqua = session.characterId().orElseThrow();

        session.deleteCharacter(aqua);

        assertThat(characters.find(aqua)).isEmpty();
        assertThat(chats.find(chat)).isEmpty();
        assertThat(session.characterId()).isEmpty();
        assertThat(session.character()).isEmpty();
        assertThat(session.chatId()).isEmpty();
        assertThat(session.messages()).isEmpty();
    }

    /** What the session told its view. */
    private static final class Heard implements ChatSession.Listener {
        final List<TokenEvent> tokens = new CopyOnWriteArrayList<>();
        final List<ReplyResult> results = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch finished = new CountDownLatch(1);

        @Override
        public void queuePosition(int ahead) {
        }

        @Override
        public void token(TokenEvent token) {
            tokens.add(token);
        }

        @Override
        public void replyFinished(Optional<StoredMessage> reply, ReplyResult result) {
            results.addFirst(result);
            finished.countDown();
        }

        @Override
        public void replyFailed(String message) {
            throw new AssertionError("the reply failed: " + message);
        }

        void awaitFinish() throws InterruptedException {
            assertThat(finished.await(10, TimeUnit.SECONDS)).as("the reply should finish").isTrue();
            finished = new CountDownLatch(1);
        }

        void awaitTokens(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tokens.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(tokens).hasSizeGreaterThanOrEqualTo(count);
        }
    }
}
