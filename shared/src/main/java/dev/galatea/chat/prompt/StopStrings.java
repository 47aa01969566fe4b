package dev.galatea.chat.prompt;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where generation stops: the configured strings (by default the notebook's {@code "\nYou:"}), plus
 * {@code "\n<user name>:"} when the user has a name of their own, since cards that say {{user}} teach the model to
 * write the user's turns under that name.
 */
public final class StopStrings {
    /** The notebook's sentinel: the model starting the user's next turn. */
    public static final String NEXT_USER_TURN = "\nYou:";

    private StopStrings() {
    }

    public static List<String> forChat(List<String> configured, String userName) {
        Set<String> stops = new LinkedHashSet<>(configured);
        if (userName != null && !userName.isBlank()) {
            stops.add("\n" + userName.strip() + ":");
        }
        return List.copyOf(stops);
    }
}
