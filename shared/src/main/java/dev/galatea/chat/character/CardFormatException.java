package dev.galatea.chat.character;

/** A character card or avatar that cannot be read; the message names the file and the one thing wrong with it. */
public final class CardFormatException extends CharacterException {
    public CardFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
