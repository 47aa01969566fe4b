package dev.galatea.inference.backend.cpu;

/** {@code nn.LayerNorm} over rows of {@code weight.length} values: (x - mean) / sqrt(var + eps) · weight + bias. */
record LayerNorm(float[] weight, float[] bias, float epsilon) {

    /** Normalises {@code rows} rows of {@code x} from row {@code xRow} into {@code y} from row {@code yRow}. */
    void apply(float[] x, int xRow, float[] y, int yRow, int rows) {
        int n = weight.length;
        for (int r = 0; r < rows; r++) {
            int in = (xRow + r) * n;
            int out = (yRow + r) * n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += x[in + i];
            }
            float mean = (float) (sum / n);
            double squares = 0;
            for (int i = 0; i < n; i++) {
                float d = x[in + i] - mean;
                squares += d * d;
            }
            float scale = (float) (1 / Math.sqrt(squares / n + epsilon));
            for (int i = 0; i < n; i++) {
                y[out + i] = (x[in + i] - mean) * scale * weight[i] + bias[i];
            }
        }
    }
}
