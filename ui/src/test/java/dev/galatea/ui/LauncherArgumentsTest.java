package dev.galatea.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LauncherArgumentsTest {

    @Test
    void launcherFlagsBecomeSpringProperties() {
        String[] spring = LauncherArguments.toSpringArguments(new String[] {
                "--model", "/models/pygmalion-6b", "--port", "8080", "--host", "0.0.0.0", "--data", "/var/galatea",
                "--backend=cpu"});
        assertArrayEquals(new String[] {
                "--galatea.model=/models/pygmalion-6b", "--server.port=8080", "--server.address=0.0.0.0",
                "--galatea.data-dir=/var/galatea", "--galatea.backend=cpu"}, spring);
    }

    @Test
    void springPropertiesPassThrough() {
        String[] spring = LauncherArguments.toSpringArguments(new String[] {"--spring.datasource.url=jdbc:postgresql://db/galatea"});
        assertArrayEquals(new String[] {"--spring.datasource.url=jdbc:postgresql://db/galatea"}, spring);
    }

    @Test
    void flagWithoutValueIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LauncherArguments.toSpringArguments(new String[] {"--model", "--port", "80"}));
        assertEquals("--model needs a value", e.getMessage());
    }

    @Test
    void unknownFlagIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LauncherArguments.toSpringArguments(new String[] {"--modle", "x"}));
        assertEquals("unknown option '--modle'; expected --model DIR, --data DIR, --port N, --host ADDRESS, "
                + "--backend NAME or a Spring --key=value property", e.getMessage());
    }
}
