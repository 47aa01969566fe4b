package dev.galatea.ui.compare;

import dev.galatea.ui.generation.TokenEvent;
import java.util.List;

/** Where two token streams part: the first position whose token id differs, or where one of them ends early. */
public final class Divergence {

    /** Returned for streams with the same tokens throughout. */
    public static final int NONE = -1;

    private Divergence() {
    }

    /** The index of the first token that differs between the two columns, or {@link #NONE}. */
    public static int firstDifference(List<TokenEvent> reference, List<TokenEvent> other) {
        int shared = Math.min(reference.size(), other.size());
        for (int i = 0; i < shared; i++) {
            if (reference.get(i).id() != other.get(i).id()) {
                return i;
            }
        }
        return reference.size() == other.size() ? NONE : shared;
    }
}
