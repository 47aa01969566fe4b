package dev.galatea.inference.generate;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag a generation checks before every token; {@link #cancel()} may be called from any thread. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
