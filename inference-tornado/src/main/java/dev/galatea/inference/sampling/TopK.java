package dev.galatea.inference.sampling;

/**
 * Hugging Face's TopKLogitsWarper: tokens scoring below the k-th highest score are removed, so ties with the
 * k-th score are kept. The k-th score comes from a size-k min-heap: one pass, no sort of the vocabulary.
 */
final class TopK implements LogitsWarper {

    private final float[] heap;

    TopK(int k) {
        this.heap = new float[k];
    }

    @Override
    public void warp(float[] scores) {
        int k = heap.length;
        if (k >= scores.length) {
            return;
        }
        int size = 0;
        for (float score : scores) {
            if (size < k) {
                heap[size] = score;
                siftUp(size++);
            } else if (score > heap[0]) {
                heap[0] = score;
                siftDown(k);
            }
        }
        float kth = heap[0];
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] < kth) {
                scores[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private void siftUp(int child) {
        float value = heap[child];
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (heap[parent] <= value) {
                break;
            }
            heap[child] = heap[parent];
            child = parent;
        }
        heap[child] = value;
    }

    private void siftDown(int size) {
        float value = heap[0];
        int parent = 0;
        while (true) {
            int child = 2 * parent + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (value <= heap[child]) {
                break;
            }
            heap[parent] = heap[child];
            parent = child;
        }
        heap[parent] = value;
    }
}
