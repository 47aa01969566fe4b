package dev.galatea.ui.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.compare.ComparedColumn;
import dev.galatea.ui.compare.ComparisonPresets;
import dev.galatea.ui.generation.TokenAlternative;
import dev.galatea.ui.generation.TokenEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {

    private static final ModelIdentity MODEL = new ModelIdentity("Demo (tiny random GPT-J)", "3f2a9c0d11be");

    @Test
    void comparisonKeepsEveryColumnWithItsSettingsSeedAndTokens() {
        GenerationSettings base = GenerationSettings.PYGMALION_DEFAULTS;
        ComparisonSnapshot comparison = new ComparisonSnapshot("Comparison", MODEL,
                Instant.parse("2026-03-01T12:00:00.123456Z"), "Aqua's Persona: water\n<START>\nYou: hi\nAqua:", 24,
                List.of("\nYou:"), List.of(
                new ComparedColumn("Greedy", ComparisonPresets.GREEDY.applyTo(base), 7L, " Hello!", "eos", List.of(
                        new TokenEvent(18435, " Hello", -0.25, List.of(new TokenAlternative(" Hello", 0.7788))),
                        new TokenEvent(0, "!", -1.5, List.of())), 41.5),
                new ComparedColumn("Creative", ComparisonPresets.CREATIVE.applyTo(base).withSeed(11L), -3L, "", "cancelled",
                        List.of(), 0.0)));

        String json = SnapshotJson.write(comparison);

        assertThat(SnapshotJson.read("test", json)).isEqualTo(comparison);
        assertThat(json).contains("\"kind\":\"comparison\"", "\"temperature\":1.2", "\"seed\":-3",
                "\"fingerprint\":\"3f2a9c0d11be\"");
    }

    @Test
    void snapshotOfAnotherFormatIsRefusedWithOneLineNamingTheLink() {
        SnapshotJson.SnapshotFormatException newer = assertThrows(SnapshotJson.SnapshotFormatException.class,
                () -> SnapshotJson.read("shared link AAAAAAAAAAAAAAAAAAAAAA", "{\"format\":2,\"kind\":\"chat\"}"));
        assertEquals("shared link AAAAAAAAAAAAAAAAAAAAAA: snapshot format 2 is not one this version reads (1)",
                newer.getMessage());

        SnapshotJson.SnapshotFormatException damaged = assertThrows(SnapshotJson.SnapshotFormatException.class,
                () -> SnapshotJson.read("shared link X", "{\"format\":1,\"kind\":\"chat\",\"title\":\"t\"}"));
        assertEquals("shared link X: unreadable snapshot (\"name\" is missing or not a text)", damaged.getMessage());
    }
}
