package dev.galatea.inference.sampling;

/** Hugging Face's TemperatureLogitsWarper: scores divided by the temperature (> 0). */
final class Temperature implements LogitsWarper {

    private final double temperature;

    Temperature(double temperature) {
        this.temperature = temperature;
    }

    @Override
    public void warp(float[] scores) {
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) (scores[i] / temperature);
        }
    }
}
