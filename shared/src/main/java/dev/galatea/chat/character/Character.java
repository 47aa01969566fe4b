package dev.galatea.chat.character;

import java.util.Optional;

/**
 * A character to chat with, in the Pygmalion shape: a name, one persona text, a greeting, a scenario and example
 * dialogue (raw text with "You:" / "Name:" turns). Text may hold the name macros of {@link Placeholders}; they are
 * resolved per chat with {@link #resolvePlaceholders}, because the user's name belongs to the user and the chat, not
 * to the character. The name is stripped of surrounding spaces; missing texts are empty strings, never null. The
 * avatar is optional.
 */
public record Character(String name, String persona, String greeting, String scenario, String exampleDialogue,
                        Avatar avatar) {
    public Character {
        if (name == null || name.isBlank()) {
            throw new CharacterException("character name is empty");
        }
        name = name.strip();
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new CharacterException("character name \"" + name.strip() + "\" spans several lines; it must be one line");
        }
        if (name.equals(Placeholders.DEFAULT_USER_NAME)) {
            throw new CharacterException("character name cannot be \"You\": the Pygmalion prompt format uses it for the user");
        }
        persona = orEmpty(persona);
        greeting = orEmpty(greeting);
        scenario = orEmpty(scenario);
        exampleDialogue = orEmpty(exampleDialogue);
    }

    /** A character without avatar. */
    public Character(String name, String persona, String greeting, String scenario, String exampleDialogue) {
        this(name, persona, greeting, scenario, exampleDialogue, null);
    }

    public Optional<Avatar> avatarIfPresent() {
        return Optional.ofNullable(avatar);
    }

    public Character withAvatar(Avatar newAvatar) {
        return new Character(name, persona, greeting, scenario, exampleDialogue, newAvatar);
    }

    /** This character with {{user}}, {{char}}, &lt;USER&gt; and &lt;BOT&gt; replaced in every text, as SillyTavern does. */
    public Character resolvePlaceholders(String userName) {
        return new Character(name,
                Placeholders.apply(persona, name, userName),
                Placeholders.apply(greeting, name, userName),
                Placeholders.apply(scenario, name, userName),
                Placeholders.applyToExampleDialogue(exampleDialogue, name, userName),
                avatar);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
