package dev.galatea.chat.settings;

import dev.galatea.chat.ChatException;
import java.util.Optional;

/** A generation setting out of range or of the wrong type; the message names it and its allowed values. */
public final class SettingsException extends ChatException {
    private final Setting setting;

    public SettingsException(Setting setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting at fault, so a form can point at its field; empty when the whole text is not settings JSON. */
    public Optional<Setting> setting() {
        return Optional.ofNullable(setting);
    }
}
