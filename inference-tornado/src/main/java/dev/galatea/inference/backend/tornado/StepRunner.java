package dev.galatea.inference.backend.tornado;

/** Executes a {@link GptjStep} once: on a TornadoVM device ({@code TornadoStepPlan}), or as plain Java in tests. */
interface StepRunner extends AutoCloseable {
    void run();

    @Override
    void close();
}
