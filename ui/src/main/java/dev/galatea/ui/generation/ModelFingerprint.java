package dev.galatea.ui.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A short identity of a model directory: a hash of config.json and the names and sizes of the weight files.
 * Hashing the weights themselves would read 12 GB at every start; sizes tell checkpoints apart well enough.
 */
final class ModelFingerprint {
    private ModelFingerprint() {}

    static String of(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(directory.resolve("config.json")));
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".safetensors") || name.endsWith(".bin")) {
                    digest.update((name + ":" + Files.size(file) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException(directory + ": cannot read the model files to fingerprint them", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
