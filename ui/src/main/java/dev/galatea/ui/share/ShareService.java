package dev.galatea.ui.share;

import dev.galatea.chat.character.Character;
import dev.galatea.ui.generation.ReplyEngine;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.ChatStore.ChatSummary;
import dev.galatea.ui.persistence.UserSettingsStore;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes, opens, revokes and forks share links. A link holds a copy of everything it shows, taken when it is made, so
 * later edits and deletions of the original never reach it.
 */
@Service
public class ShareService {

    private final ShareStore links;
    private final ChatStore chats;
    private final CharacterStore characters;
    private final UserSettingsStore userSettings;
    private final ReplyEngine engine;
    private final Clock clock;

    @Autowired
    public ShareService(ShareStore links, ChatStore chats, CharacterStore characters, UserSettingsStore userSettings,
                        ReplyEngine engine) {
        this(links, chats, characters, userSettings, engine, Clock.systemUTC());
    }

    ShareService(ShareStore links, ChatStore chats, CharacterStore characters, UserSettingsStore userSettings,
                 ReplyEngine engine, Clock clock) {
        this.links = links;
        this.chats = chats;
        this.characters = characters;
        this.userSettings = userSettings;
        this.engine = engine;
        this.clock = clock;
    }

    /** Shares a saved chat as it is now, with the generation settings of this moment. */
    @Transactional
    public ShareLink shareChat(long chatId) {
        ChatSummary chat = chats.find(chatId)
                .orElseThrow(() -> new IllegalArgumentException("no saved chat with id " + chatId));
        Character character = characters.find(chat.characterId()).orElseThrow().character();
        List<ChatSnapshot.Message> messages = chats.messages(chatId).stream()
                .map(stored -> new ChatSnapshot.Message(stored.message(), stored.provenance()))
                .toList();
        ChatSnapshot snapshot = new ChatSnapshot(chat.title(), ModelIdentity.of(engine.model()), clock.instant(),
                character, chat.userName(), userSettings.generationSettings(), messages);
        return links.insert(ShareId.next(), snapshot, chatId);
    }

    /** Shares a finished comparison; {@code chatId} is the chat it continued, or null. */
    @Transactional
    public ShareLink shareComparison(ComparisonSnapshot comparison, Long chatId) {
        return links.insert(ShareId.next(), comparison, chatId);
    }

    /**
     * The snapshot behind a link. An id that {@link ShareId#next} could not have made is refused before any query,
     * so probing with odd ids never reaches the database.
     *
     * @throws ShareNotFoundException for a malformed, unknown or revoked id alike
     */
    public Snapshot open(String id) {
        if (!ShareId.isWellFormed(id)) {
            throw new ShareNotFoundException();
        }
        return links.snapshot(id).orElseThrow(ShareNotFoundException::new);
    }

    public List<ShareLink> linksOf(long chatId) {
        return links.activeForChat(chatId);
    }

    /** @return false when the link was unknown or already revoked */
    @Transactional
    public boolean revoke(String id) {
        return ShareId.isWellFormed(id) && links.revoke(id);
    }

    /**
     * Copies a shared chat into this playground's own chats: a new character and a new chat with every message and
     * its provenance, so the visitor can chat on and regenerate as the author could.
     *
     * @return the new chat's id
     */
    @Transactional
    public long fork(ChatSnapshot snapshot) {
        long characterId = characters.insert(snapshot.character());
        long chatId = chats.create(characterId, snapshot.title(), snapshot.userName());
        for (ChatSnapshot.Message message : snapshot.messages()) {
            chats.append(chatId, message.message(), message.provenance());
        }
        return chatId;
    }
}
