package dev.galatea.chat.settings;

/**
 * One entry of the "helpful information" panel.
 *
 * @param key          the JSON / Hugging Face name, e.g. {@code top_p}
 * @param label        a short name for a form
 * @param description  what it does, in a few sentences
 * @param range        the allowed values, e.g. "0 to 1"
 * @param defaultValue the Pygmalion default, e.g. "0.9"
 */
public record SettingHelp(String key, String label, String description, String range, String defaultValue) {
}
