package dev.galatea.ui.compare;

import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.prompt.PromptBuilder;
import dev.galatea.chat.prompt.PromptRequest;
import dev.galatea.chat.prompt.ReplyParser;
import dev.galatea.chat.prompt.StopStrings;
import dev.galatea.ui.generation.ReplyEngine;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.ReplyProvenance;
import dev.galatea.ui.persistence.StoredMessage;
import dev.galatea.ui.persistence.UserSettingsStore;
import dev.galatea.ui.share.ComparisonSnapshot;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Comparisons that continue a saved chat: the prompt its next reply would get, and keeping one column as that reply
 * with the whole comparison saved beside it.
 */
@Service
public class CompareService {

    /** A saved chat as a comparison continues it. */
    public record ChatContext(long chatId, String title, Character character, String userName,
                              List<ChatMessage> history) {
        public ChatContext {
            history = List.copyOf(history);
        }
    }

    private final ChatStore chats;
    private final CharacterStore characters;
    private final UserSettingsStore userSettings;
    private final ComparisonStore comparisons;
    private final PromptBuilder prompts;

    public CompareService(ChatStore chats, CharacterStore characters, UserSettingsStore userSettings,
                          ComparisonStore comparisons, ReplyEngine engine) {
        this.chats = chats;
        this.characters = characters;
        this.userSettings = userSettings;
        this.comparisons = comparisons;
        this.prompts = engine.promptBuilder();
    }

    public Optional<ChatContext> chat(long chatId) {
        return chats.find(chatId).map(chat -> new ChatContext(chat.id(), chat.title(),
                characters.find(chat.characterId()).orElseThrow().character(), chat.userName(),
                chats.messages(chatId).stream().map(StoredMessage::message).toList()));
    }

    /** The prompt the chat's next reply gets when the user says {@code message}, as the playground builds it. */
    public String prompt(ChatContext chat, String message, int maxNewTokens, int historyTurns) {
        return prompts.build(new PromptRequest(chat.character(), chat.userName(), chat.history(), message,
                maxNewTokens, historyTurns)).text();
    }

    /** The chat's stop strings: the configured ones and the user's name turn. */
    public List<String> stopStrings(ChatContext chat, List<String> configured) {
        return StopStrings.forChat(configured, chat.userName());
    }

    public List<ComparisonStore.SavedComparison> savedComparisons(long chatId) {
        return comparisons.forChat(chatId);
    }

    /**
     * Adds the user's message and column {@code kept} of the comparison, as the character's reply with its settings,
     * seed and tokens, to the chat; saves the comparison beside the reply; makes it the chat the playground opens.
     *
     * @return the saved reply
     */
    @Transactional
    public StoredMessage keep(ChatContext chat, String message, ComparisonSnapshot comparison, int kept) {
        ComparedColumn column = comparison.columns().get(kept);
        String userText = message == null || message.isBlank() ? "..." : message;
        chats.append(chat.chatId(), ChatMessage.user(userText), null);
        ChatMessage reply = ReplyParser.characterMessage(column.text(), chat.character().name());
        StoredMessage saved = chats.append(chat.chatId(), reply, new ReplyProvenance(column.settings(), column.seed(),
                column.finishReason(), column.tokens()));
        comparisons.save(chat.chatId(), saved.id(), kept, comparison);
        userSettings.setOpenChat(chat.chatId());
        return saved;
    }
}
