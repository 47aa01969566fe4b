package dev.galatea.chat.prompt;

/** Who said a chat message. In prompts the user is always "You" and the character goes by its name. */
public enum Speaker {
    USER,
    CHARACTER
}
