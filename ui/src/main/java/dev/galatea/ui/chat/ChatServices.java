package dev.galatea.ui.chat;

import dev.galatea.ui.generation.GenerationQueue;
import dev.galatea.ui.generation.ReplyEngine;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.UserSettingsStore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The shared services a {@link ChatSession} works with; one per application. */
@Component
public record ChatServices(ReplyEngine engine, GenerationQueue queue, CharacterStore characters, ChatStore chats,
                           UserSettingsStore userSettings, LongSupplier randomSeeds) {

    /** Random seeds are 32-bit and non-negative, short enough to read back and type into the seed field. */
    @Autowired
    public ChatServices(ReplyEngine engine, GenerationQueue queue, CharacterStore characters, ChatStore chats,
                        UserSettingsStore userSettings) {
        this(engine, queue, characters, chats, userSettings, () -> ThreadLocalRandom.current().nextLong(1L << 32));
    }
}
