package dev.galatea.ui.share;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.chat.ChatException;
import dev.galatea.chat.character.Avatar;
import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.prompt.Speaker;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.chat.settings.SettingsJson;
import dev.galatea.ui.compare.ComparedColumn;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.ReplyProvenance;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Snapshots as JSON, the form they are stored in. Settings use the Hugging Face keys of {@link SettingsJson}, so a
 * snapshot reads the same as the settings users export. {@code format} lets a later version read older snapshots.
 */
public final class SnapshotJson {

    static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<TokenEvent>> TOKENS = new TypeReference<>() {
    };

    private SnapshotJson() {
    }

    public static String write(Snapshot snapshot) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", kind(snapshot));
        root.put("title", snapshot.title());
        root.putObject("model").put("name", snapshot.model().name()).put("fingerprint", snapshot.model().fingerprint());
        root.put("taken_at", snapshot.takenAt().toString());
        switch (snapshot) {
            case ChatSnapshot chat -> writeChat(root, chat);
            case ComparisonSnapshot comparison -> writeComparison(root, comparison);
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON values always serialises", e);
        }
    }

    static String kind(Snapshot snapshot) {
        return switch (snapshot) {
            case ChatSnapshot chat -> "chat";
            case ComparisonSnapshot comparison -> "comparison";
        };
    }

    /** @param source names the link in error messages */
    public static Snapshot read(String source, String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            int format = root.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new SnapshotFormatException(source + ": snapshot format " + root.path("format")
                        + " is not one this version reads (" + FORMAT + ")");
            }
            String title = text(root, "title");
            ModelIdentity model = new ModelIdentity(text(root.path("model"), "name"),
                    text(root.path("model"), "fingerprint"));
            Instant takenAt = Instant.parse(text(root, "taken_at"));
            return switch (text(root, "kind")) {
                case "chat" -> readChat(source, root, title, model, takenAt);
                case "comparison" -> readComparison(source, root, title, model, takenAt);
                default -> throw new SnapshotFormatException(source + ": unknown snapshot kind " + root.get("kind"));
            };
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeException | ChatException e) {
            throw new SnapshotFormatException(source + ": unreadable snapshot (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static void writeChat(ObjectNode root, ChatSnapshot chat) {
        Character character = chat.character();
        ObjectNode node = root.putObject("character");
        node.put("name", character.name());
        node.put("persona", character.persona());
        node.put("greeting", character.greeting());
        node.put("scenario", character.scenario());
        node.put("example_dialogue", character.exampleDialogue());
        node.put("avatar_png", character.avatarIfPresent()
                .map(avatar -> Base64.getEncoder().encodeToString(avatar.png())).orElse(null));
        root.put("user_name", chat.userName());
        root.set("settings", settings(chat.settings()));
        ArrayNode messages = root.putArray("messages");
        for (ChatSnapshot.Message message : chat.messages()) {
            ObjectNode entry = messages.addObject();
            entry.put("speaker", message.message().speaker() == Speaker.USER ? "user" : "character");
            entry.put("text", message.message().text());
            ReplyProvenance provenance = message.provenance();
            if (provenance != null) {
                ObjectNode reply = entry.putObject("reply");
                reply.set("settings", settings(provenance.settings()));
                reply.put("seed", provenance.seed());
                reply.put("finish_reason", provenance.finishReason());
                reply.set("tokens", MAPPER.valueToTree(provenance.tokens()));
            }
        }
    }

    private static void writeComparison(ObjectNode root, ComparisonSnapshot comparison) {
        root.put("prompt", comparison.prompt());
        root.put("max_new_tokens", comparison.maxNewTokens());
        ArrayNode stops = root.putArray("stop_strings");
        comparison.stopStrings().forEach(stops::add);
        ArrayNode columns = root.putArray("columns");
        for (ComparedColumn column : comparison.columns()) {
            ObjectNode entry = columns.addObject();
            entry.put("label", column.label());
            entry.set("settings", settings(column.settings()));
            entry.put("seed", column.seed());
            entry.put("text", column.text());
            entry.put("finish_reason", column.finishReason());
            entry.put("tokens_per_second", column.tokensPerSecond());
            entry.set("tokens", MAPPER.valueToTree(column.tokens()));
        }
    }

    private static ChatSnapshot readChat(String source, JsonNode root, String title, ModelIdentity model,
                                         Instant takenAt) throws JsonProcessingException {
        JsonNode node = root.path("character");
        JsonNode avatar = node.path("avatar_png");
        Character character = new Character(text(node, "name"), text(node, "persona"), text(node, "greeting"),
                text(node, "scenario"), text(node, "example_dialogue"),
                avatar.isTextual() ? new Avatar(Base64.getDecoder().decode(avatar.textValue())) : null);
        List<ChatSnapshot.Message> messages = new ArrayList<>();
        for (JsonNode entry : root.path("messages")) {
            Speaker speaker = "user".equals(text(entry, "speaker")) ? Speaker.USER : Speaker.CHARACTER;
            ChatMessage message = new ChatMessage(speaker, text(entry, "text"));
            JsonNode reply = entry.get("reply");
            ReplyProvenance provenance = reply == null ? null : new ReplyProvenance(
                    settings(source, reply.path("settings")), reply.path("seed").asLong(),
                    text(reply, "finish_reason"), MAPPER.treeToValue(reply.path("tokens"), MAPPER.constructType(TOKENS)));
            messages.add(new ChatSnapshot.Message(message, provenance));
        }
        return new ChatSnapshot(title, model, takenAt, character, text(root, "user_name"),
                settings(source, root.path("settings")), messages);
    }

    private static ComparisonSnapshot readComparison(String source, JsonNode root, String title, ModelIdentity model,
                                                     Instant takenAt) throws JsonProcessingException {
        List<String> stops = new ArrayList<>();
        root.path("stop_strings").forEach(stop -> stops.add(stop.asText()));
        List<ComparedColumn> columns = new ArrayList<>();
        for (JsonNode entry : root.path("columns")) {
            columns.add(new ComparedColumn(text(entry, "label"), settings(source, entry.path("settings")),
                    entry.path("seed").asLong(), text(entry, "text"), text(entry, "finish_reason"),
                    MAPPER.treeToValue(entry.path("tokens"), MAPPER.constructType(TOKENS)),
                    entry.path("tokens_per_second").asDouble()));
        }
        return new ComparisonSnapshot(title, model, takenAt, text(root, "prompt"), root.path("max_new_tokens").asInt(),
                stops, columns);
    }

    private static ObjectNode settings(GenerationSettings settings) {
        try {
            return (ObjectNode) MAPPER.readTree(SettingsJson.write(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SettingsJson writes JSON", e);
        }
    }

    private static GenerationSettings settings(String source, JsonNode node) {
        return SettingsJson.read(source, node.toString());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a text");
        }
        return value.textValue();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no details";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** A stored snapshot this version cannot read: damaged, or written by a newer version. */
    public static final class SnapshotFormatException extends RuntimeException {
        SnapshotFormatException(String message) {
            super(message);
        }
    }
}
