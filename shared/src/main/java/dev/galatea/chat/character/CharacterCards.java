package dev.galatea.chat.character;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galatea.chat.JsonSupport;
import dev.galatea.chat.JsonSupport.InvalidJsonException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Imports and exports character cards: Pygmalion JSON, TavernAI V1 JSON, V2/V3 JSON, and PNG cards (an image whose
 * {@code tEXt} chunk named {@code chara}, or {@code ccv3}, holds the card JSON in base64). See {@link CardJson} for how
 * Tavern fields map onto a Pygmalion persona.
 */
public final class CharacterCards {
    /** The largest card file callers should accept (PNG cards carry an image, hence megabytes). */
    public static final int MAX_CARD_BYTES = 5 * 1024 * 1024;

    static final String CARD_KEYWORD = "chara";
    static final String V3_CARD_KEYWORD = "ccv3";

    private CharacterCards() {
    }

    /**
     * Reads a card file of any supported kind, told apart by content: the PNG signature, else JSON.
     *
     * @param source the file name, used in error messages
     * @throws CardFormatException naming {@code source} and what is wrong
     */
    public static Character read(String source, byte[] bytes) {
        if (bytes.length == 0) {
            throw new CardFormatException(source, "the file is empty");
        }
        if (PngChunks.startsWithSignature(bytes)) {
            return readPng(source, bytes);
        }
        if (!looksLikeJson(bytes)) {
            throw new CardFormatException(source, "not a character card: neither a PNG image nor JSON");
        }
        return CardJson.read(source, parseJson(source, bytes, ""), null);
    }

    /** The Pygmalion character file ({@code char_name}, {@code char_persona}, ...), UTF-8 JSON. */
    public static byte[] toPygmalionJson(Character character) {
        return JsonSupport.toPrettyBytes(CardJson.pygmalion(character));
    }

    /** A V2 card ({@code "spec": "chara_card_v2"}), UTF-8 JSON, with the V1 fields repeated for old readers. */
    public static byte[] toV2Json(Character character) {
        return JsonSupport.toPrettyBytes(CardJson.v2(character));
    }

    /**
     * The avatar with a V2 card embedded as a {@code chara} tEXt chunk before IEND, replacing any card chunks it had.
     *
     * @throws CharacterException when the character has no avatar to carry the card
     */
    public static byte[] toPngCard(Character character) {
        Avatar avatar = character.avatarIfPresent().orElseThrow(() -> new CharacterException("character \""
                + character.name() + "\" has no avatar PNG to carry the card; export it as JSON instead"));
        List<PngChunks.Chunk> chunks = withoutCardChunks(PngChunks.read("avatar image", avatar.png()));
        String base64 = Base64.getEncoder().encodeToString(JsonSupport.toBytes(CardJson.v2(character)));
        chunks.add(chunks.size() - 1, PngChunks.textChunk(CARD_KEYWORD, base64));
        return PngChunks.write(chunks);
    }

    private static Character readPng(String source, byte[] bytes) {
        List<PngChunks.Chunk> chunks = PngChunks.read(source, bytes);
        String keyword = V3_CARD_KEYWORD;
        Optional<String> encoded = cardText(chunks, V3_CARD_KEYWORD);
        if (encoded.isEmpty()) {
            keyword = CARD_KEYWORD;
            encoded = cardText(chunks, CARD_KEYWORD);
        }
        if (encoded.isEmpty()) {
            throw new CardFormatException(source, "PNG holds no character card (no tEXt chunk named chara or ccv3)");
        }
        byte[] json;
        try {
            json = Base64.getDecoder().decode(encoded.get().strip());
        } catch (IllegalArgumentException e) {
            throw new CardFormatException(source, "the " + keyword + " chunk is not valid base64 (" + e.getMessage() + ")");
        }
        Avatar avatar = new Avatar(PngChunks.write(withoutCardChunks(chunks)));
        return CardJson.read(source, parseJson(source, json, "the " + keyword + " chunk is "), avatar);
    }

    private static Optional<String> cardText(List<PngChunks.Chunk> chunks, String keyword) {
        return chunks.stream()
                .filter(chunk -> chunk.type().equals(PngChunks.TEXT))
                .flatMap(chunk -> PngChunks.textEntry(chunk).stream())
                .filter(entry -> entry.keyword().equals(keyword))
                .map(PngChunks.TextEntry::text)
                .findFirst();
    }

    private static List<PngChunks.Chunk> withoutCardChunks(List<PngChunks.Chunk> chunks) {
        List<PngChunks.Chunk> kept = new ArrayList<>();
        for (PngChunks.Chunk chunk : chunks) {
            boolean card = chunk.type().equals(PngChunks.TEXT) && PngChunks.textEntry(chunk)
                    .map(entry -> entry.keyword().equals(CARD_KEYWORD) || entry.keyword().equals(V3_CARD_KEYWORD))
                    .orElse(false);
            if (!card) {
                kept.add(chunk);
            }
        }
        return kept;
    }

    /** Whether the first byte after a UTF-8 byte order mark and whitespace opens a JSON object or list. */
    private static boolean looksLikeJson(byte[] bytes) {
        int at = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\n' || bytes[at] == '\r')) {
            at++;
        }
        return at < bytes.length && (bytes[at] == '{' || bytes[at] == '[');
    }

    private static JsonNode parseJson(String source, byte[] json, String context) {
        try {
            return JsonSupport.readTree(json);
        } catch (InvalidJsonException e) {
            throw new CardFormatException(source, context + e.getMessage());
        }
    }
}
