package dev.galatea.ui.share;

import dev.galatea.ui.compare.ComparedColumn;
import java.time.Instant;
import java.util.List;

/**
 * A side-by-side comparison as it was when shared: the prompt every column continued, and each column's settings,
 * seed and result.
 */
public record ComparisonSnapshot(String title, ModelIdentity model, Instant takenAt, String prompt, int maxNewTokens,
                                 List<String> stopStrings, List<ComparedColumn> columns) implements Snapshot {

    public ComparisonSnapshot {
        stopStrings = List.copyOf(stopStrings);
        columns = List.copyOf(columns);
    }
}
