package dev.galatea.chat.character;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name macros of TavernAI and SillyTavern cards: {@code {{user}}} and {@code <USER>} become the user's name,
 * {@code {{char}}} and {@code <BOT>} the character's, case-insensitively and in that order, as TavernAI's
 * {@code Generate} does. In example dialogue, {@code {{user}}:} and {@code <USER>:} first become {@code You:},
 * as TavernAI does for Pygmalion models, so the examples keep the speaker label the Pygmalion prompt format uses.
 */
public final class Placeholders {
    /** The user's name when none is given: the speaker label of the Pygmalion prompt format. */
    public static final String DEFAULT_USER_NAME = "You";

    private static final Pattern USER_MACRO = Pattern.compile("\\{\\{user}}", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHAR_MACRO = Pattern.compile("\\{\\{char}}", Pattern.CASE_INSENSITIVE);
    private static final Pattern USER_TAG = Pattern.compile("<USER>", Pattern.CASE_INSENSITIVE);
    private static final Pattern BOT_TAG = Pattern.compile("<BOT>", Pattern.CASE_INSENSITIVE);
    private static final Pattern USER_SPEAKER = Pattern.compile("\\{\\{user}}:|<USER>:", Pattern.CASE_INSENSITIVE);

    private Placeholders() {
    }

    /** The name {@code {{user}}} stands for: the given one without surrounding spaces, or "You" when it is blank. */
    public static String userNameOrDefault(String userName) {
        return userName == null || userName.isBlank() ? DEFAULT_USER_NAME : userName.strip();
    }

    /** Replaces the four name macros in {@code text}. */
    public static String apply(String text, String characterName, String userName) {
        String user = Matcher.quoteReplacement(userNameOrDefault(userName));
        String character = Matcher.quoteReplacement(characterName);
        String result = USER_MACRO.matcher(text).replaceAll(user);
        result = CHAR_MACRO.matcher(result).replaceAll(character);
        result = USER_TAG.matcher(result).replaceAll(user);
        return BOT_TAG.matcher(result).replaceAll(character);
    }

    /** Like {@link #apply}, after turning the user's speaker label into {@code You:}. */
    public static String applyToExampleDialogue(String text, String characterName, String userName) {
        return apply(USER_SPEAKER.matcher(text).replaceAll("You:"), characterName, userName);
    }
}
