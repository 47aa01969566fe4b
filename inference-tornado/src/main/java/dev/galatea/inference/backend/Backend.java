package dev.galatea.inference.backend;

import dev.galatea.inference.model.GptjConfig;
import java.util.List;

/**
 * The GPT-J forward pass over one loaded model, as {@code GPTJForCausalLM} computes it.
 * Implementations: {@code cpu} (Vector API) and {@code tornado} (TornadoVM kernels).
 */
public interface Backend extends AutoCloseable {

    /** "cpu", "tornado-opencl" or "tornado-ptx": what the UI header and the bench report. */
    String name();

    GptjConfig config();

    /** An empty KV cache for one sequence of at most {@code capacity} positions. */
    KvCache newCache(int capacity);

    /**
     * Runs {@code ids} at positions {@code cache.length()} onwards as one batched pass (matrix × matrix),
     * appends their keys and values to the cache, and returns logits and final hidden states (after ln_f):
     * one row per new position when {@code allPositions}, otherwise only the last position's row.
     */
    ForwardResult forward(KvCache cache, int[] ids, boolean allPositions);

    /**
     * One decode step for several sequences at once: {@code ids[i]} is appended to {@code caches.get(i)}.
     * Each weight is read once for the whole batch. Row i of the result belongs to sequence i.
     */
    ForwardResult decode(List<KvCache> caches, int[] ids);

    @Override
    void close();
}
