package dev.galatea.ui.generation;

import java.util.List;

/** One generated token as it streams: its id, decoded text, log-probability and the top alternatives. */
public record TokenEvent(int id, String text, double logprob, List<TokenAlternative> alternatives) {

    public TokenEvent {
        alternatives = List.copyOf(alternatives);
    }
}
