package dev.galatea.inference.generate;

import java.util.List;

/**
 * One generated token, published as soon as it is chosen.
 *
 * @param sequence index of the sequence in the request
 * @param index    0 for the first generated token
 * @param text     the text this token adds (empty while it completes only part of a UTF-8 character)
 * @param logprob  natural-log probability of the token under the distribution it was chosen from
 * @param top      the most likely tokens of that distribution, at most five, most likely first
 */
public record TokenEvent(int sequence, int index, int tokenId, String text, double logprob, List<Alternative> top) {

    public TokenEvent {
        top = List.copyOf(top);
    }

    /** A token the step could have chosen, with its probability. */
    public record Alternative(int tokenId, String text, double probability) {}
}
