package dev.galatea.inference.generate;

import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.model.GptjConfig;
import java.util.List;

/** A backend that hands every call to a real one; tests override a method to observe or break that call. */
public class DelegatingBackend implements Backend {
    protected final Backend delegate;

    public DelegatingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public GptjConfig config() {
        return delegate.config();
    }

    @Override
    public KvCache newCache(int capacity) {
        return delegate.newCache(capacity);
    }

    @Override
    public ForwardResult forward(KvCache cache, int[] ids, boolean allPositions) {
        return delegate.forward(cache, ids, allPositions);
    }

    @Override
    public ForwardResult decode(List<KvCache> caches, int[] ids) {
        return delegate.decode(caches, ids);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
