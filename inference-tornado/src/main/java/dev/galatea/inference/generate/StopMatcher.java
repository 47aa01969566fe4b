package dev.galatea.inference.generate;

import java.util.List;

/**
 * Finds stop strings in generated text as it grows, across token boundaries. It also says how much of the text is
 * safe to show: a tail that could still become a stop string is held back until the next token settles it.
 */
public final class StopMatcher {
    private final List<String> stops;

    public StopMatcher(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Index where the earliest stop string starts in {@code text}, or -1. */
    public int stopIndex(String text) {
        int earliest = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
            }
        }
        return earliest;
    }

    /** Length of the prefix of {@code text} that no continuation can turn into part of a stop string. */
    public int safeLength(String text) {
        int held = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, text.length()); k > held; k--) {
                if (text.regionMatches(text.length() - k, stop, 0, k)) {
                    held = k;
                    break;
                }
            }
        }
        return text.length() - held;
    }
}
