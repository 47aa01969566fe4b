package dev.galatea.inference.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ac.manchester.tornado.api.exceptions.TornadoBailoutRuntimeException;

class TornadoAvailabilityTest {
    private static final String CORE_RUNTIME = "uk.ac.manchester.tornado.runtime.TornadoCoreRuntime";
    private static final Duration LIMIT = Duration.ofSeconds(5);

    @TempDir
    Path sdk;

    /** An SDK as far as the probe looks before TornadoVM starts: a directory with the bin/tornado launcher. */
    @BeforeEach
    void sdkLauncher() throws IOException {
        Path launcher = Files.createDirectories(sdk.resolve("bin")).resolve("tornado");
        Files.writeString(launcher, "#!/bin/sh\n");
        assertTrue(launcher.toFile().setExecutable(true));
    }

    @Test
    void withoutTornadovmHomeTheBackendIsUnavailableAndSaysWhy() {
        TornadoAvailability availability = probe(Map.of(), new Properties());
        assertFalse(availability.available());
        assertEquals("TORNADOVM_HOME is not set; install a TornadoVM SDK and set TORNADOVM_HOME to use --backend tornado",
                availability.summary());
    }

    @Test
    void tornadovmHomeThatIsNotADirectoryIsNamed() {
        Path missing = sdk.resolve("missing");
        TornadoAvailability availability = probe(Map.of("TORNADOVM_HOME", missing.toString()), new Properties());
        assertEquals("TORNADOVM_HOME=" + missing + " is not a directory", availability.reason());
    }

    @Test
    void directoryWithoutTheTornadoLauncherIsNotAnSdk(@TempDir Path empty) {
        TornadoAvailability availability = probe(Map.of("TORNADOVM_HOME", empty.toString()), new Properties());
        assertEquals("TORNADOVM_HOME=" + empty + " has no bin/tornado, so it is not a TornadoVM SDK", availability.reason());
    }

    @Test
    void jvmStartedWithoutTornadoFlagsIsTold() {
        TornadoAvailability availability = probe(Map.of("TORNADOVM_HOME", sdk.toString()), new Properties());
        assertEquals("this JVM was started without TornadoVM's flags (tornado --printJavaFlags,"
                + " -Dtornado.load.runtime.implementation missing); start it with ./galatea, which adds them",
                availability.reason());
    }

    @Test
    void missingRuntimeClassIsNamedAndNoTornadoSettingIsTouched() {
        Properties properties = new Properties();
        properties.setProperty("tornado.load.runtime.implementation", "uk.ac.manchester.tornado.runtime.NoSuchRuntime");
        TornadoAvailability availability = probe(Map.of("TORNADOVM_HOME", sdk.toString()), properties);
        assertEquals("TornadoVM class uk.ac.manchester.tornado.runtime.NoSuchRuntime is not on the module path"
                + " (TORNADOVM_HOME=" + sdk + "); check that the SDK is complete and ./galatea passed its --module-path",
                availability.reason());
        assertEquals(1, properties.size(), "the bailout and memory settings are only set when TornadoVM is about to start");
    }

    /**
     * The run-time class path has no TornadoVM (the API jar is a provided dependency): the probe, loaded there,
     * must answer with a reason and not fail on a missing class. The loader's parent is the boot loader, not the
     * platform loader: in the device tests' JVM TornadoVM is on the module path, and the platform loader would
     * find its classes through the application loader.
     */
    @Test
    void withoutTornadoClassesOnTheClassPathTheProbeStillAnswers() throws Exception {
        URL mainClasses = TornadoAvailability.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader runtimeClassPath = new URLClassLoader(new URL[] {mainClasses}, null)) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName(TornadoAvailability.API_CLASS, false, runtimeClassPath), "no TornadoVM API here");
            Class<?> isolated = Class.forName(TornadoAvailability.class.getName(), true, runtimeClassPath);
            Method probe = isolated.getDeclaredMethod("probe", Map.class, Properties.class, ClassLoader.class, Duration.class);
            probe.setAccessible(true);
            Properties properties = new Properties();
            properties.setProperty("tornado.load.runtime.implementation", CORE_RUNTIME);
            Object availability = probe.invoke(null, Map.of("TORNADOVM_HOME", sdk.toString()), properties, runtimeClassPath, LIMIT);
            assertEquals(false, isolated.getMethod("available").invoke(availability));
            String reason = (String) isolated.getMethod("summary").invoke(availability);
            assertTrue(reason.startsWith("TornadoVM class uk.ac.manchester.tornado.api.TornadoExecutionPlan is not on the module path"),
                    reason);
        }
    }

    /** The message TornadoVM 5.2 gave for a kernel PoCL could not build, as it reached Galatea. */
    @Test
    void bailoutIsToldByItsReasonWithoutColourCodes() {
        String esc = "\u001B";
        TornadoBailoutRuntimeException bailout = new TornadoBailoutRuntimeException(esc + "[31mBailout is disabled. \nReason: "
                + esc + "[31mUnable to compile task gptj.embed - embed\nThe internal error is: " + esc
                + "[31mError during code compilation with the OpenCL driver" + esc + "[0m\nStacktrace: [a, b]" + esc + "[0m");
        assertEquals("TornadoBailoutRuntimeException: Reason: Unable to compile task gptj.embed - embed",
                TornadoAvailability.oneLine(bailout));
    }

    private TornadoAvailability probe(Map<String, String> environment, Properties properties) {
        return TornadoAvailability.probe(environment, properties, getClass().getClassLoader(), LIMIT);
    }
}
