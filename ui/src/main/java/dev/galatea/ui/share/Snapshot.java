package dev.galatea.ui.share;

import java.time.Instant;

/** What a share link shows, frozen when it was made: a whole chat, or a side-by-side comparison. */
public sealed interface Snapshot permits ChatSnapshot, ComparisonSnapshot {

    String title();

    ModelIdentity model();

    Instant takenAt();
}
