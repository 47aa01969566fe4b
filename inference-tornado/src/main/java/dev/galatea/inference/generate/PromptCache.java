package dev.galatea.inference.generate;

import dev.galatea.inference.backend.KvCache;
import java.util.Arrays;

/**
 * The KV cache of the last generation, kept so that a prompt which starts the same way runs only what is new. A
 * chat's next turn repeats the whole conversation before the new message, and a regenerate repeats the prompt
 * exactly: without this every reply would prefill the full context again, which for 1,500 tokens of GPT-J-6B on two
 * cores is about a minute. This is llama.cpp's {@code cache_prompt}.
 */
final class PromptCache implements AutoCloseable {
    private final boolean keeps;
    private KvCache cache;
    /** The ids whose keys and values {@link #cache} holds, one per cached position. */
    private int[] ids;

    /** @param keeps false for a cache that frees every generation's KV cache at once and never offers one */
    PromptCache(boolean keeps) {
        this.keeps = keeps;
    }

    /**
     * The kept KV cache cut back to the longest prefix it shares with {@code prompt}, with room for
     * {@code capacity} positions, or null when it shares nothing (it is freed then). The prompt's last token always
     * runs again, because its logits start the reply. Whoever takes the cache owns it; nothing stays kept.
     */
    KvCache take(int[] prompt, int capacity) {
        KvCache kept = cache;
        int shared = kept == null ? 0 : sharedPrefix(ids, prompt, prompt.length - 1);
        cache = null;
        ids = null;
        if (shared == 0) {
            if (kept != null) {
                kept.close();
            }
            return null;
        }
        kept.truncate(shared);
        if (kept.capacity() >= capacity) {
            return kept;
        }
        try {
            return kept.copy(capacity);
        } finally {
            kept.close();
        }
    }

    /**
     * Takes {@code finished} over, holding the keys and values of {@code cachedIds}, in place of any kept before.
     * The caller hands {@code cachedIds} over too, and changes it no more.
     */
    void keep(KvCache finished, int[] cachedIds) {
        close();
        if (keeps) {
            cache = finished;
            ids = cachedIds;
        } else {
            finished.close();
        }
    }

    private static int sharedPrefix(int[] a, int[] b, int limit) {
        int n = Math.min(limit, Math.min(a.length, b.length));
        int mismatch = Arrays.mismatch(a, 0, n, b, 0, n);
        return mismatch < 0 ? n : mismatch;
    }

    /** Frees the kept cache, if any. */
    @Override
    public void close() {
        if (cache != null) {
            cache.close();
            cache = null;
            ids = null;
        }
    }
}
