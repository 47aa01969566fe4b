package dev.galatea.chat.character;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes of a character: Pygmalion's {@code char_*} file, TavernAI V1 cards, and the V2/V3 card specs
 * ({@code {"spec": "chara_card_v2", "data": {...}}}). Unknown fields are ignored and missing ones read as empty text.
 *
 * <p>Pygmalion has one persona text where Tavern cards have a description and a personality. For Pygmalion models
 * TavernAI and SillyTavern send them as {@code "Name's Persona: <description>\nPersonality: <personality>"}, so the
 * persona is the description followed by {@code "\nPersonality: <personality>"}; the Pygmalion persona line then
 * reproduces what TavernAI sends. A card with only a personality uses it as the persona. Both are trimmed first, as
 * TavernAI does. Export writes the persona as the description and leaves the personality empty.
 */
final class CardJson {
    static final String SPEC_V2 = "chara_card_v2";
    static final String SPEC_V3 = "chara_card_v3";

    private CardJson() {
    }

    /** Reads whichever character shape {@code root} is, with the given avatar. */
    static Character read(String source, JsonNode root, Avatar avatar) {
        if (!root.isObject()) {
            throw new CardFormatException(source, "a character card must be a JSON object, found " + kind(root));
        }
        JsonNode spec = root.get("spec");
        if (spec != null && !spec.isNull()) {
            return readSpecCard(source, root, avatar);
        }
        if (root.has("char_name")) {
            return character(source, text(source, root, "char_name"), text(source, root, "char_persona"),
                    text(source, root, "char_greeting"), text(source, root, "world_scenario"),
                    text(source, root, "example_dialogue"), avatar);
        }
        if (root.has("name")) {
            return readTavernFields(source, root, avatar);
        }
        throw new CardFormatException(source, "not a character card: no \"char_name\" (Pygmalion), \"name\" (TavernAI)"
                + " or \"spec\" (V2/V3 card) field");
    }

    private static Character readSpecCard(String source, JsonNode root, Avatar avatar) {
        String spec = text(source, root, "spec");
        if (!spec.equals(SPEC_V2) && !spec.equals(SPEC_V3)) {
            throw new CardFormatException(source, "unsupported card spec \"" + spec + "\" (expected " + SPEC_V2
                    + " or " + SPEC_V3 + ")");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new CardFormatException(source, spec + " card has no \"data\" object");
        }
        return readTavernFields(source, data, avatar);
    }

    private static Character readTavernFields(String source, JsonNode card, Avatar avatar) {
        String description = text(source, card, "description").strip();
        String personality = text(source, card, "personality").strip();
        return character(source, text(source, card, "name"), persona(description, personality),
                text(source, card, "first_mes"), text(source, card, "scenario").strip(),
                text(source, card, "mes_example").strip(), avatar);
    }

    static String persona(String description, String personality) {
        if (personality.isEmpty()) {
            return description;
        }
        return description.isEmpty() ? personality : description + "\nPersonality: " + personality;
    }

    /** The Pygmalion character file, with the keys in the order the gradio UI writes them. */
    static ObjectNode pygmalion(Character character) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("char_name", character.name());
        root.put("char_persona", character.persona());
        root.put("char_greeting", character.greeting());
        root.put("world_scenario", character.scenario());
        root.put("example_dialogue", character.exampleDialogue());
        return root;
    }

    /**
     * A V2 card. The V1 fields are repeated at the top level, as the V2 spec allows, so that V1-only readers such as
     * TavernAI still open it.
     */
    static ObjectNode v2(Character character) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        putV1Fields(root, character);
        root.put("spec", SPEC_V2);
        root.put("spec_version", "2.0");
        ObjectNode data = root.putObject("data");
        putV1Fields(data, character);
        data.put("creator_notes", "");
        data.put("system_prompt", "");
        data.put("post_history_instructions", "");
        data.putArray("alternate_greetings");
        data.putArray("tags");
        data.put("creator", "");
        data.put("character_version", "");
        data.putObject("extensions");
        return root;
    }

    private static void putV1Fields(ObjectNode node, Character character) {
        node.put("name", character.name());
        node.put("description", character.persona());
        node.put("personality", "");
        node.put("scenario", character.scenario());
        node.put("first_mes", character.greeting());
        node.put("mes_example", character.exampleDialogue());
    }

    private static Character character(String source, String name, String persona, String greeting, String scenario,
                                       String exampleDialogue, Avatar avatar) {
        try {
            return new Character(name, persona, greeting, scenario, exampleDialogue, avatar);
        } catch (CharacterException e) {
            throw new CardFormatException(source, e.getMessage());
        }
    }

    private static String text(String source, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new CardFormatException(source, "field \"" + field + "\" must be text, found " + kind(value));
        }
        return value.textValue();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "true/false";
            case STRING -> "text";
            default -> "null";
        };
    }
}
