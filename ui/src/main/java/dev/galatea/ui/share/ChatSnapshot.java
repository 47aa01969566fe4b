package dev.galatea.ui.share;

import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.persistence.ReplyProvenance;
import java.time.Instant;
import java.util.List;

/**
 * A chat as it was when shared: the character, every message (each generated reply with the settings and seed that
 * produced it) and the generation settings of that moment.
 *
 * @param userName empty means "You"
 */
public record ChatSnapshot(String title, ModelIdentity model, Instant takenAt, Character character, String userName,
                           GenerationSettings settings, List<Message> messages) implements Snapshot {

    public ChatSnapshot {
        messages = List.copyOf(messages);
    }

    /** @param provenance null for the user's messages, greetings and loaded chat logs */
    public record Message(ChatMessage message, ReplyProvenance provenance) {
    }
}
