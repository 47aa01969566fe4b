package dev.galatea.inference.backend;

/** The keys and values of one sequence's past positions, owned by the backend that made it. */
public interface KvCache extends AutoCloseable {

    /** Positions cached so far: the position the next token will take. */
    int length();

    int capacity();

    /** An independent copy holding the same positions (contrastive search and batched prefill share prefixes this way). */
    default KvCache copy() {
        return copy(capacity());
    }

    /**
     * An independent copy holding the same positions, with room for {@code capacity} in all: a kept prompt grows
     * this way when the next reply needs more room than the last one did.
     */
    KvCache copy(int capacity);

    /** Forgets every position from {@code length} on. */
    void truncate(int length);

    /** Frees the cache's memory now; the cache is unusable afterwards. */
    @Override
    void close();
}
