package dev.galatea.ui.generation;

/** A running generation. Cancelling ends it with finish reason "cancelled" and keeps what was generated. */
public interface ReplyHandle {
    void cancel();
}
