package dev.galatea.inference.checkpoint;

import dev.galatea.inference.GalateaException;
import java.nio.file.Path;

/** A checkpoint file that cannot be used; the message names the file and what is wrong with it. */
public final class CheckpointException extends GalateaException {
    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
