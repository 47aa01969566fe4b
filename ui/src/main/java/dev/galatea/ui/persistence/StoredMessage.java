package dev.galatea.ui.persistence;

import dev.galatea.chat.prompt.ChatMessage;
import java.util.Optional;

/**
 * A chat message as saved: its place in the chat and, for a generated reply, what produced it.
 *
 * @param provenance null for the user's messages, greetings and loaded chat logs
 */
public record StoredMessage(long id, int ordinal, ChatMessage message, ReplyProvenance provenance) {

    public Optional<ReplyProvenance> provenanceIfPresent() {
        return Optional.ofNullable(provenance);
    }
}
