package dev.galatea.inference.cli;

import dev.galatea.inference.GalateaException;
import java.util.Arrays;

/** Parses the {@code --ids 1,2,3} form. */
final class TokenIds {
    private TokenIds() {}

    static int[] parse(String ids) {
        try {
            int[] parsed = Arrays.stream(ids.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (parsed.length == 0) {
                throw new GalateaException("--ids is empty: give comma-separated token ids such as 1,2,3");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new GalateaException("--ids must be comma-separated token ids such as 1,2,3, not \"" + ids + "\"");
        }
    }
}
