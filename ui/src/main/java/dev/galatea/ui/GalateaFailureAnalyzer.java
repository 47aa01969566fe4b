package dev.galatea.ui;

import dev.galatea.inference.GalateaException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A model or data directory the user pointed at that cannot be used: its one-line message, not a stack trace. */
public final class GalateaFailureAnalyzer extends AbstractFailureAnalyzer<GalateaException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GalateaException cause) {
        return new FailureAnalysis("Galatea cannot start: " + cause.getMessage(),
                "Check --model DIR (or GALATEA_MODEL) and --data DIR.", cause);
    }
}
