package dev.galatea.ui.views;

/**
 * What a view says while its generation waits: in the shared line, then for the model to read the prompt, so that
 * chat and compare say it the same way.
 */
public final class QueueStatus {

    private QueueStatus() {
    }

    /** @param ahead generations before this one, the running one included; 0 when it starts */
    public static String text(int ahead) {
        return ahead == 0 ? "Generating…"
                : "Waiting for the model: " + ahead + (ahead == 1 ? " generation is" : " generations are")
                        + " ahead of yours.";
    }

    /** @param read the prompt's tokens read so far, of {@code total}; all of them once the reply starts */
    public static String reading(int read, int total) {
        return read < total ? "Reading the prompt: " + read + " of " + total + " tokens…" : text(0);
    }
}
