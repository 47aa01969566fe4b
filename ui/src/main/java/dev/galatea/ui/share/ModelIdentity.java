package dev.galatea.ui.share;

import dev.galatea.ui.generation.ModelSummary;

/**
 * Which model a snapshot was made with: its name and the fingerprint of its config.json and weight file sizes.
 */
public record ModelIdentity(String name, String fingerprint) {

    public static ModelIdentity of(ModelSummary model) {
        return new ModelIdentity(model.name(), model.fingerprint());
    }

    /** True when {@code loaded} is the same model, so replayed replies can match the recorded ones. */
    public boolean isLoaded(ModelSummary loaded) {
        return name.equals(loaded.name()) && fingerprint.equals(loaded.fingerprint());
    }
}
