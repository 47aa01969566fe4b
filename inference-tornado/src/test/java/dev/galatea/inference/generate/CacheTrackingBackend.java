package dev.galatea.inference.generate;

import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps every KV cache the real backend hands out (new ones and copies) to record when it is closed, and logs
 * each backend call in order, so a test can tell what ran between a cancellation and the cache's release, and
 * how much of a prompt a prefill ran.
 * The forward passes themselves are the real backend's.
 */
public class CacheTrackingBackend extends DelegatingBackend {
    public final List<TrackedCache> handedOut = new ArrayList<>();
    public final List<String> log = new ArrayList<>();
    /** How many ids each forward pass ran, in order. */
    public final List<Integer> forwardTokens = new ArrayList<>();

    public CacheTrackingBackend(Backend delegate) {
        super(delegate);
    }

    @Override
    public KvCache newCache(int capacity) {
        return track(delegate.newCache(capacity));
    }

    @Override
    public ForwardResult forward(KvCache cache, int[] ids, boolean allPositions) {
        log.add("forward");
        forwardTokens.add(ids.length);
        return delegate.forward(((TrackedCache) cache).inner, ids, allPositions);
    }

    @Override
    public ForwardResult decode(List<KvCache> caches, int[] ids) {
        log.add("decode");
        return delegate.decode(caches.stream().map(c -> ((TrackedCache) c).inner).toList(), ids);
    }

    public long openCaches() {
        return handedOut.stream().filter(c -> c.closeCalls == 0).count();
    }

    private TrackedCache track(KvCache inner) {
        TrackedCache cache = new TrackedCache(handedOut.size(), inner);
        handedOut.add(cache);
        return cache;
    }

    public final class TrackedCache implements KvCache {
        public final int number;
        final KvCache inner;
        public int closeCalls;

        TrackedCache(int number, KvCache inner) {
            this.number = number;
            this.inner = inner;
        }

        @Override
        public int length() {
            return inner.length();
        }

        @Override
        public int capacity() {
            return inner.capacity();
        }

        @Override
        public KvCache copy(int capacity) {
            return track(inner.copy(capacity));
        }

        @Override
        public void truncate(int length) {
            inner.truncate(length);
        }

        @Override
        public void close() {
            closeCalls++;
            log.add("close " + number);
            inner.close();
        }
    }
}
