package dev.galatea.inference.backend.tornado;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Whether this JVM can run the tornado backend, and if not, why: what {@code --backend auto} logs when it falls
 * back to the CPU. It looks for the SDK (TORNADOVM_HOME), for the JVM flags TornadoVM's launcher adds, and for
 * TornadoVM's classes, by name, before it lets TornadoVM start; so on a machine without TornadoVM no TornadoVM
 * class is ever loaded. Starting TornadoVM runs on a daemon thread under a time limit, so a broken driver cannot
 * hang the caller.
 *
 * @param device the default TornadoVM device, when there is one
 * @param reason why the backend cannot run, when it cannot
 */
public record TornadoAvailability(Optional<TornadoDeviceInfo> device, String reason) {

    static final String HOME = "TORNADOVM_HOME";
    /** Set by {@code tornado --printJavaFlags}: the class TornadoVM's API loads its runtime from. */
    static final String RUNTIME_PROPERTY = "tornado.load.runtime.implementation";
    static final String API_CLASS = "uk.ac.manchester.tornado.api.TornadoExecutionPlan";
    static final String BAILOUT_PROPERTY = "tornado.recover.bailout";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\\x1B\\[[0-9;]*m");
    private static final String BAILOUT_PREFACE = "Bailout is disabled.";

    /**
     * TornadoVM reads these once, when it starts. A failed kernel compilation must be an error rather than a
     * silent fallback to sequential Java; the device memory budget (1 GB by default, a soft limit TornadoVM
     * keeps) must not refuse a model {@link StepFootprint} has already checked against the real device; and
     * one graph holds several hundred tasks, beyond the default 4 KB of TornadoVM bytecode.
     */
    private static final Map<String, String> RUNTIME_DEFAULTS = Map.of(
            BAILOUT_PROPERTY, "False",
            "tornado.device.memory", "1024GB",
            "tornado.tvm.maxbytecodesize", "1048576");

    public boolean available() {
        return device.isPresent();
    }

    /** One line: the device, or the reason. */
    public String summary() {
        return device.map(d -> "TornadoVM device " + d.describe()).orElse(reason);
    }

    public static TornadoAvailability probe() {
        return probe(System.getenv(), System.getProperties(), TornadoAvailability.class.getClassLoader(), START_LIMIT);
    }

    static TornadoAvailability probe(Map<String, String> environment, Properties properties, ClassLoader loader,
                                     Duration startLimit) {
        String home = environment.get(HOME);
        if (home == null || home.isBlank()) {
            return unavailable(HOME + " is not set; install a TornadoVM SDK and set " + HOME + " to use --backend tornado");
        }
        if (!Files.isDirectory(Path.of(home))) {
            return unavailable(HOME + "=" + home + " is not a directory");
        }
        // ./galatea asks this launcher for TornadoVM's JVM flags; without it the flags below are missing too.
        if (!Files.isExecutable(Path.of(home, "bin", "tornado"))) {
            return unavailable(HOME + "=" + home + " has no bin/tornado, so it is not a TornadoVM SDK");
        }
        String runtimeClass = properties.getProperty(RUNTIME_PROPERTY);
        if (runtimeClass == null) {
            return unavailable("this JVM was started without TornadoVM's flags (tornado --printJavaFlags, -D"
                    + RUNTIME_PROPERTY + " missing); start it with ./galatea, which adds them");
        }
        for (String name : List.of(API_CLASS, runtimeClass)) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return unavailable("TornadoVM class " + name + " is not on the module path (" + HOME + "=" + home
                        + "); check that the SDK is complete and ./galatea passed its --module-path");
            }
        }
        RUNTIME_DEFAULTS.forEach(properties::putIfAbsent);
        KernelListing.beforeStart(properties);
        return start(startLimit);
    }

    private static TornadoAvailability start(Duration limit) {
        FutureTask<TornadoDeviceInfo> start = new FutureTask<>(TornadoDevices::defaultDevice);
        Thread.ofPlatform().daemon().name("tornadovm-start").start(start);
        try {
            return new TornadoAvailability(Optional.of(start.get(limit.toMillis(), TimeUnit.MILLISECONDS)), null);
        } catch (TimeoutException e) {
            return unavailable("TornadoVM did not list its devices within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            return unavailable("TornadoVM could not start: " + oneLine(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while TornadoVM was starting");
        }
    }

    private static TornadoAvailability unavailable(String reason) {
        return new TornadoAvailability(Optional.empty(), reason);
    }

    /**
     * The class and the first informative line of {@code t}'s message. TornadoVM colours its messages with ANSI
     * escapes and opens a bailout with the line "Bailout is disabled.", then "Reason: Unable to compile task …":
     * the escapes and that first line say nothing, so they are dropped.
     */
    static String oneLine(Throwable t) {
        String name = t.getClass().getSimpleName();
        if (t.getMessage() == null) {
            return name;
        }
        String message = ANSI_ESCAPE.matcher(t.getMessage()).replaceAll("").strip();
        if (message.startsWith(BAILOUT_PREFACE)) {
            message = message.substring(BAILOUT_PREFACE.length()).strip();
        }
        int newline = message.indexOf('\n');
        return name + ": " + (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
