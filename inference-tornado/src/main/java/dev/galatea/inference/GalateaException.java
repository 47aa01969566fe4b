package dev.galatea.inference;

/**
 * A problem the user can cause and fix: a bad model directory, a broken file, an out-of-range setting.
 * Its message is one line that names the file or setting, and is shown as is (never a stack trace).
 */
public class GalateaException extends RuntimeException {
    public GalateaException(String message) {
        super(message);
    }

    public GalateaException(String message, Throwable cause) {
        super(message, cause);
    }
}
