package dev.galatea.chat.character;

import dev.galatea.chat.ChatException;

/** A character value that cannot exist, such as an empty name; the message names the field. */
public class CharacterException extends ChatException {
    public CharacterException(String message) {
        super(message);
    }
}
