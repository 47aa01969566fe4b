package dev.galatea.inference.backend.tornado;

/** Executes a {@link GptjStep} once: on a TornadoVM device ({@code TornadoStepPlan}), or as plain Java in tests. */
interface StepRunner extends AutoCloseable {

    /** What an execution brings back to the host: each row costs vocab_size floats of logits. */
    enum Output {
        /** Nothing: a prompt chunk before the last, or cache copies alone. */
        NONE,
        /** {@link GptjStep#lastLogits()} and {@link GptjStep#lastHidden()}: one sequence's decode, a prompt's end. */
        LAST_ROW,
        /** {@link GptjStep#logits()} and {@link GptjStep#finalHidden()}, all {@code maxRows} rows. */
        ALL_ROWS
    }

    void run(Output output);

    @Override
    void close();
}
