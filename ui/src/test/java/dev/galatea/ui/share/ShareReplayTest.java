package dev.galatea.ui.share;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.chat.ChatServices;
import dev.galatea.ui.chat.ChatSession;
import dev.galatea.ui.generation.GenerationQueue;
import dev.galatea.ui.generation.ReplyRequest;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.ReplyProvenance;
import dev.galatea.ui.persistence.StoredMessage;
import dev.galatea.ui.persistence.UserSettingsStore;
import dev.galatea.ui.testing.ScriptedReplyEngine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShareReplayTest {

    private static final Character AQUA = new Character("Aqua", "A goddess of water.", "*waves* Hi {{user}}!",
            "At the guild.", "You: hi\n{{char}}: *smiles* hello");

    private final ScriptedReplyEngine engine = new ScriptedReplyEngine(Duration.ZERO);
    private final GenerationQueue queue = new GenerationQueue(engine);
    private final Semaphore finished = new Semaphore(0);

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void replayAsksTheEngineExactlyWhatTheChatAskedForEachReply() throws Exception {
        var jdbc = CountingDatabase.migrated("mem:replay-" + UUID.randomUUID()).jdbc();
        CharacterStore characters = new CharacterStore(jdbc);
        ChatStore chats = new ChatStore(jdbc, new ObjectMapper());
        UserSettingsStore userSettings = new UserSettingsStore(jdbc);
        ChatSession session = new ChatSession(new ChatServices(engine, queue, characters, chats, userSettings,
                () -> 7L), Runnable::run, new Finishes());
        ChatSession.Persona kazuma = new ChatSession.Persona(AQUA, "Kazuma");
        GenerationSettings seeded = GenerationSettings.PYGMALION_DEFAULTS.withSeed(42L);
        GenerationSettings random = new GenerationSettings(48, 0.9, 0.8, 10, 1.0, 1.1, 0.0, 0.0, true, null,
                List.of("\nYou:"), List.of("<START>"), 8);

        session.startChat(kazuma);
        session.send(kazuma, "Hello!", seeded);
        awaitReply();
        session.send(kazuma, "", random);
        awaitReply();
        session.regenerate(kazuma, random.withSeed(1234L));
        awaitReply();
        List<ReplyRequest> asked = engine.requests();
        assertThat(asked).hasSize(3);

        ShareService shares = new ShareService(new ShareStore(jdbc), chats, characters, userSettings, engine);
        ChatSnapshot snapshot = (ChatSnapshot) shares.open(shares.shareChat(session.chatId().orElseThrow()).id());
        assertThat(snapshot.messages()).extracting(m -> m.message().text()).containsExactly(
                "*waves* Hi Kazuma!", "Hello!", "*waves* Hello there, friend!", "...", "*waves* Hello there, friend!");

        ShareReplay replay = new ShareReplay(engine, queue);
        assertThat(replay.request(snapshot, 0)).as("the greeting").isEmpty();
        assertThat(replay.request(snapshot, 1)).as("the user's message").isEmpty();
        assertThat(replay.request(snapshot, 2)).contains(asked.get(0));
        assertThat(replay.request(snapshot, 4)).as("the regenerated reply").contains(asked.get(2));
        assertThat(asked.get(2).seed()).isEqualTo(1234L);
        assertThat(asked.get(2).stopStrings()).containsExactly("\nYou:", "\nKazuma:");

        BlockingQueue<ShareReplay.Outcome> outcomes = new ArrayBlockingQueue<>(1);
        replay.replay(snapshot, 4, ahead -> { }, outcomes::add);
        assertThat(outcomes.poll(10, TimeUnit.SECONDS))
                .isEqualTo(new ShareReplay.Outcome(ShareReplay.Verdict.MATCHES, "*waves* Hello there, friend!"));
        assertThat(engine.requests().getLast()).isEqualTo(asked.get(2));
    }

    @Test
    void aReplayIsJudgedAgainstTheSharedText() {
        ReplyProvenance ended = new ReplyProvenance(GenerationSettings.PYGMALION_DEFAULTS, 5L, "length", List.of());
        ReplyProvenance stopped = new ReplyProvenance(GenerationSettings.PYGMALION_DEFAULTS, 5L, "cancelled", List.of());
        ChatSnapshot.Message shared = new ChatSnapshot.Message(ChatMessage.character("*nods* Yes"), ended);
        ChatSnapshot.Message partial = new ChatSnapshot.Message(ChatMessage.character("*nods* Ye"), stopped);

        assertThat(ShareReplay.judge(shared, "*nods* Yes").verdict()).isEqualTo(ShareReplay.Verdict.MATCHES);
        assertThat(ShareReplay.judge(shared, "*nods* Yes, and")).isEqualTo(
                new ShareReplay.Outcome(ShareReplay.Verdict.DIFFERS, "*nods* Yes, and"));
        assertThat(ShareReplay.judge(partial, "*nods* Yes, and").verdict())
                .isEqualTo(ShareReplay.Verdict.MATCHES_AS_FAR_AS_SHARED);
        assertThat(ShareReplay.judge(partial, "*shakes head*").verdict()).isEqualTo(ShareReplay.Verdict.DIFFERS);
    }

    private void awaitReply() throws InterruptedException {
        assertThat(finished.tryAcquire(10, TimeUnit.SECONDS)).as("the reply should finish").isTrue();
    }

    private final class Finishes implements ChatSession.Listener {
        @Override
        public void queuePosition(int ahead) {
        }

        @Override
        public void token(TokenEvent token) {
        }

        @Override
        public void replyFinished(Optional<StoredMessage> reply, ReplyResult result) {
            finished.release();
        }

        @Override
        public void replyFailed(String message) {
            throw new AssertionError("the reply failed: " + message);
        }
    }
}
