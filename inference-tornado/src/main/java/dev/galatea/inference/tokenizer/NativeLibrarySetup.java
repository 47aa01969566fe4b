package dev.galatea.inference.tokenizer;

/**
 * Keeps DJL's tokenizer working without network access.
 *
 * <p>The tokenizers jar (ai.djl.huggingface:tokenizers 0.38.0) carries the CPU build of the Rust library for
 * linux-x86_64, linux-aarch64, osx-aarch64 and win-x86_64 under {@code native/lib/}; on first use DJL copies it
 * into {@code $DJL_CACHE_DIR/tokenizers/} (default {@code ~/.djl.ai}) and loads it from there, with no download.
 * Two things would still reach the network: on a machine where DJL detects a supported CUDA version it picks a
 * CUDA flavour, which is not in the jar and is downloaded from publish.djl.ai (failing offline, and a GPU buys
 * a tokenizer nothing); and every new tokenizer "calls home" (EC2 metadata and an S3 telemetry URL, each with a
 * one-second timeout). Both are DJL settings read from the environment first, then system properties, so a
 * user's own RUST_FLAVOR or OPT_OUT_TRACKING still wins. DJL's CUDA probe runs anyway and warns through
 * slf4j-simple about drivers a CPU tokenizer never uses, so DJL's log is lowered to errors unless configured.
 */
final class NativeLibrarySetup {

    private NativeLibrarySetup() {}

    static void preferBundledCpuLibrary() {
        setUnlessGiven("RUST_FLAVOR", "cpu");
        setUnlessGiven("OPT_OUT_TRACKING", "true");
        setUnlessGiven("org.slf4j.simpleLogger.log.ai.djl", "error");
    }

    private static void setUnlessGiven(String key, String value) {
        if (System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
