package dev.galatea.chat.character;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharacterCardsTest {
    private static final String XSS = "<script>alert('x')</script><img src=x onerror=alert(1)> &amp; \"q\"";

    private static Character read(String json) {
        return CharacterCards.read("card.json", json.getBytes(UTF_8));
    }

    private static String failure(String json) {
        String message = assertThrows(CardFormatException.class, () -> read(json)).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void pygmalionCharacterFileReadsEveryField() {
        Character aqua = read("""
                {"char_name": "Aqua", "char_persona": "A goddess.", "char_greeting": "Hi!",
                 "world_scenario": "A guild hall.", "example_dialogue": "You: hi\\nAqua: hello"}""");

        assertEquals(new Character("Aqua", "A goddess.", "Hi!", "A guild hall.", "You: hi\nAqua: hello"), aqua);
    }

    @Test
    void pygmalionExportIsTheNotebooksFileAndReadsBack() throws Exception {
        Character aqua = new Character("Aqua", "A goddess.", "Hi!", "", "You: hi");

        byte[] json = CharacterCards.toPygmalionJson(aqua);

        JsonNode root = new ObjectMapper().readTree(json);
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("char_name", "char_persona", "char_greeting", "world_scenario", "example_dialogue"), keys);
        assertEquals(aqua, CharacterCards.read("aqua.json", json));
    }

    @Test
    void tavernV1DescriptionAndPersonalityBecomeThePersonaAsTavernAiSendsThem() {
        Character aqua = read("""
                {"name": "Aqua", "description": " A goddess of water. ", "personality": "cheerful, loud",
                 "first_mes": "*waves* Hi!", "mes_example": "<START>\\n{{user}}: hi\\n{{char}}: hello",
                 "avatar": "none", "chat": "Aqua - 2023-1-1", "create_date": "2023-1-1", "talkativeness": 0.5}""");

        assertEquals("A goddess of water.\nPersonality: cheerful, loud", aqua.persona());
        assertEquals("*waves* Hi!", aqua.greeting());
        assertEquals("", aqua.scenario());
        assertEquals("<START>\n{{user}}: hi\n{{char}}: hello", aqua.exampleDialogue());
    }

    @Test
    void personalityAloneIsThePersona() {
        assertEquals("cheerful", read("{\"name\": \"Aqua\", \"personality\": \"cheerful\"}").persona());
        assertEquals("A goddess.", read("{\"name\": \"Aqua\", \"description\": \"A goddess.\"}").persona());
    }

    @Test
    void v2CardReadsItsDataObjectNotTheV1Copy() {
        Character aqua = read("""
                {"name": "Old", "description": "old text",
                 "spec": "chara_card_v2", "spec_version": "2.0",
                 "data": {"name": "Aqua", "description": "A goddess.", "personality": "", "scenario": "Axel.",
                          "first_mes": "Hi!", "mes_example": "", "creator_notes": "by someone",
                          "alternate_greetings": ["Yo"], "character_book": {"entries": []},
                          "extensions": {"depth_prompt": {"prompt": "x"}}}}""");

        assertEquals(new Character("Aqua", "A goddess.", "Hi!", "Axel.", ""), aqua);
    }

    @Test
    void v3CardReadsLikeV2() {
        Character aqua = read("{\"spec\": \"chara_card_v3\", \"spec_version\": \"3.0\", \"data\": {\"name\": \"Aqua\","
                + " \"description\": \"A goddess.\", \"nickname\": \"Aqua-sama\", \"assets\": []}}");

        assertEquals(new Character("Aqua", "A goddess.", "", "", ""), aqua);
    }

    @Test
    void v2ExportFollowsTheSpecAndRepeatsV1Fields() throws Exception {
        Character aqua = new Character("Aqua", "A goddess.", "Hi!", "Axel.", "You: hi\nAqua: hello");

        JsonNode card = new ObjectMapper().readTree(CharacterCards.toV2Json(aqua));

        assertEquals("chara_card_v2", card.get("spec").textValue());
        assertEquals("2.0", card.get("spec_version").textValue());
        JsonNode data = card.get("data");
        assertEquals("Aqua", data.get("name").textValue());
        assertEquals("A goddess.", data.get("description").textValue());
        assertEquals("", data.get("personality").textValue());
        assertEquals("Axel.", data.get("scenario").textValue());
        assertEquals("Hi!", data.get("first_mes").textValue());
        assertEquals("You: hi\nAqua: hello", data.get("mes_example").textValue());
        for (String field : new String[] {"creator_notes", "system_prompt", "post_history_instructions", "creator",
                "character_version"}) {
            assertEquals("", data.get(field).textValue(), field);
        }
        assertTrue(data.get("alternate_greetings").isArray() && data.get("tags").isArray());
        assertTrue(data.get("extensions").isObject());
        assertEquals("Hi!", card.get("first_mes").textValue());
        assertEquals(aqua, CharacterCards.read("aqua.json", CharacterCards.toV2Json(aqua)));
    }

    @Test
    void markupIsKeptVerbatimAsData() {
        Character hostile = new Character("<b>Aqua</b>", XSS, XSS, XSS, "You: " + XSS);

        assertEquals(hostile, CharacterCards.read("x.json", CharacterCards.toV2Json(hostile)));
        assertEquals(hostile, CharacterCards.read("x.json", CharacterCards.toPygmalionJson(hostile)));
        assertEquals(XSS, read("{\"name\": \"Aqua\", \"first_mes\": " + new ObjectMapper().valueToTree(XSS) + "}").greeting());
    }

    @Test
    void brokenJsonNamesTheFileAndPosition() {
        assertTrue(failure("{\"name\": \"Aqua\",}").startsWith("card.json: not valid JSON at line 1, column 17: "),
                failure("{\"name\": \"Aqua\",}"));
        assertTrue(failure("{\"name\": \"Aqua\"} trailing").startsWith("card.json: not valid JSON at line 1"));
    }

    @Test
    void cardsWithTheWrongShapeSayWhatIsMissing() {
        assertEquals("card.json: not a character card: neither a PNG image nor JSON", failure("GIF89a..."));
        assertEquals("card.json: a character card must be a JSON object, found a list", failure("[1, 2]"));
        assertEquals("card.json: not a character card: no \"char_name\" (Pygmalion), \"name\" (TavernAI) or \"spec\""
                + " (V2/V3 card) field", failure("{\"title\": \"Aqua\"}"));
        assertEquals("card.json: unsupported card spec \"chara_card_v9\" (expected chara_card_v2 or chara_card_v3)",
                failure("{\"spec\": \"chara_card_v9\", \"data\": {}}"));
        assertEquals("card.json: chara_card_v2 card has no \"data\" object", failure("{\"spec\": \"chara_card_v2\"}"));
        assertEquals("card.json: field \"first_mes\" must be text, found a number",
                failure("{\"name\": \"Aqua\", \"first_mes\": 5}"));
        assertEquals("card.json: character name is empty", failure("{\"name\": \"  \", \"description\": \"x\"}"));
        assertEquals("card.json: character name cannot be \"You\": the Pygmalion prompt format uses it for the user",
                failure("{\"char_name\": \"You\"}"));
    }

    @Test
    void emptyFileIsNamed() {
        assertEquals("empty.png: the file is empty",
                assertThrows(CardFormatException.class, () -> CharacterCards.read("empty.png", new byte[0])).getMessage());
    }

    @Test
    void utf8ByteOrderMarkAndNonAsciiTextAreRead() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = "{\"name\": \"Zoë\", \"description\": \"日本語 ✨\"}".getBytes(UTF_8);
        byte[] file = new byte[bom.length + json.length];
        System.arraycopy(bom, 0, file, 0, 3);
        System.arraycopy(json, 0, file, 3, json.length);

        assertEquals(new Character("Zoë", "日本語 ✨", "", "", ""), CharacterCards.read("zoe.json", file));
    }
}
