package dev.galatea.chat.character;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngCardTest {
    private static final String V2_CARD = "{\"spec\":\"chara_card_v2\",\"spec_version\":\"2.0\",\"data\":{\"name\":\"Aqua\","
            + "\"description\":\"A goddess.\",\"personality\":\"loud\",\"scenario\":\"Axel.\",\"first_mes\":\"Hi {{user}}!\","
            + "\"mes_example\":\"{{user}}: hi\\n{{char}}: hello\",\"tags\":[\"goddess\"]}}";

    /** A real 3x2 PNG as javax.imageio writes it: IHDR, IDAT, IEND. */
    private static byte[] plainPng() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0x3366FF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A tEXt chunk built here, byte by byte, with the JDK's CRC-32 over type and data. */
    private static byte[] textChunk(String keyword, String text) {
        byte[] data = (keyword + "\0" + text).getBytes(ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update("tEXt".getBytes(ISO_8859_1));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put("tEXt".getBytes(ISO_8859_1)).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** The PNG with the chunks inserted just before IEND, which is its last 12 bytes. */
    private static byte[] withChunksBeforeIend(byte[] png, byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, png.length - 12);
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        out.write(png, png.length - 12, 12);
        return out.toByteArray();
    }

    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(UTF_8));
    }

    private static String failure(byte[] png) {
        String message = assertThrows(CardFormatException.class, () -> CharacterCards.read("aqua.png", png)).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void pngCardReadsTheCharaChunkAndKeepsTheImageAsAvatar() throws IOException {
        byte[] image = plainPng();
        byte[] card = withChunksBeforeIend(image, textChunk("Comment", "made by hand"), textChunk("chara", base64(V2_CARD)));

        Character aqua = CharacterCards.read("aqua.png", card);

        assertEquals("Aqua", aqua.name());
        assertEquals("A goddess.\nPersonality: loud", aqua.persona());
        assertEquals("Hi {{user}}!", aqua.greeting());
        assertEquals("Axel.", aqua.scenario());
        assertEquals("{{user}}: hi\n{{char}}: hello", aqua.exampleDialogue());
        assertArrayEquals(withChunksBeforeIend(image, textChunk("Comment", "made by hand")),
                aqua.avatarIfPresent().orElseThrow().png(), "the avatar is the image without the card chunk");
    }

    @Test
    void ccv3ChunkIsPreferredOverChara() throws IOException {
        String v3 = "{\"spec\":\"chara_card_v3\",\"spec_version\":\"3.0\",\"data\":{\"name\":\"Aqua v3\"}}";
        byte[] card = withChunksBeforeIend(plainPng(), textChunk("chara", base64(V2_CARD)), textChunk("ccv3", base64(v3)));

        Character aqua = CharacterCards.read("aqua.png", card);

        assertEquals("Aqua v3", aqua.name());
        assertArrayEquals(plainPng(), aqua.avatarIfPresent().orElseThrow().png(), "both card chunks leave the avatar");
    }

    @Test
    void v1JsonInsideCharaChunkIsRead() throws IOException {
        byte[] card = withChunksBeforeIend(plainPng(), textChunk("chara", base64("{\"name\":\"Megumin\",\"first_mes\":\"Explosion!\"}")));

        assertEquals("Explosion!", CharacterCards.read("megumin.png", card).greeting());
    }

    @Test
    void exportedPngCardIsStillAnImageAndReadsBackTheSameCharacter() throws IOException {
        Character aqua = new Character("Aqua", "A goddess. <script>alert(1)</script>", "Hi!", "Axel.", "You: hi\nAqua: ✨")
                .withAvatar(new Avatar(plainPng()));

        byte[] card = CharacterCards.toPngCard(aqua);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(card));
        assertEquals(3, decoded.getWidth());
        assertEquals(0x3366FF, decoded.getRGB(1, 1) & 0xFFFFFF);
        assertEquals(aqua, CharacterCards.read("aqua.png", card));
    }

    @Test
    void reexportReplacesTheOldCardInsteadOfAddingOne() throws IOException {
        Character old = CharacterCards.read("aqua.png", withChunksBeforeIend(plainPng(), textChunk("chara", base64(V2_CARD))));
        Character renamed = new Character("Aqua II", old.persona(), old.greeting(), old.scenario(), old.exampleDialogue(),
                old.avatar());

        byte[] card = CharacterCards.toPngCard(renamed);

        assertEquals(1, occurrences(card, "chara\0".getBytes(ISO_8859_1)));
        assertEquals("Aqua II", CharacterCards.read("aqua.png", card).name());
    }

    @Test
    void characterWithoutAvatarCannotBecomeAPngCard() {
        assertEquals("character \"Aqua\" has no avatar PNG to carry the card; export it as JSON instead",
                assertThrows(CharacterException.class,
                        () -> CharacterCards.toPngCard(new Character("Aqua", "", "", "", ""))).getMessage());
    }

    @Test
    void damagedCrcIsReported() throws IOException {
        byte[] card = withChunksBeforeIend(plainPng(), textChunk("chara", base64(V2_CARD)));
        int textAt = indexOf(card, "tEXt".getBytes(ISO_8859_1)) - 4;
        card[textAt + 10] ^= 1;

        assertEquals("aqua.png: PNG chunk tEXt at byte " + textAt + " has a wrong CRC (the file is damaged)", failure(card));
    }

    @Test
    void truncatedPngIsReported() throws IOException {
        byte[] card = withChunksBeforeIend(plainPng(), textChunk("chara", base64(V2_CARD)));
        int textAt = indexOf(card, "tEXt".getBytes(ISO_8859_1)) - 4;

        String message = failure(Arrays.copyOf(card, textAt + 40));
        assertTrue(message.startsWith("aqua.png: PNG chunk tEXt at byte " + textAt + " claims "), message);
        assertTrue(message.endsWith(" remain (truncated file?)"), message);
        assertEquals("aqua.png: PNG is truncated: it ends at byte " + (card.length - 12) + " without an IEND chunk",
                failure(Arrays.copyOf(card, card.length - 12)));
        assertEquals("aqua.png: PNG ends right after its signature", failure(Arrays.copyOf(card, 8)));
    }

    @Test
    void pngWithoutCardSaysSo() throws IOException {
        assertEquals("aqua.png: PNG holds no character card (no tEXt chunk named chara or ccv3)",
                failure(withChunksBeforeIend(plainPng(), textChunk("Comment", "just a picture"))));
    }

    @Test
    void badBase64AndBadJsonInsideTheChunkAreReported() throws IOException {
        assertTrue(failure(withChunksBeforeIend(plainPng(), textChunk("chara", "not*base64!")))
                .startsWith("aqua.png: the chara chunk is not valid base64 ("));
        assertTrue(failure(withChunksBeforeIend(plainPng(), textChunk("chara", base64("{\"name\": \"Aqua\""))))
                .startsWith("aqua.png: the chara chunk is not valid JSON at line 1, column 16: "));
    }

    @Test
    void chunkWithGarbageTypeIsReported() throws IOException {
        byte[] png = plainPng();
        png[12] = '1';

        assertEquals("aqua.png: PNG chunk at byte 8 has an invalid type (not four letters): the file is damaged",
                failure(png));
    }

    @Test
    void pngMustStartWithIhdr() throws IOException {
        byte[] image = plainPng();
        ByteArrayOutputStream textFirst = new ByteArrayOutputStream();
        textFirst.write(image, 0, 8);
        textFirst.writeBytes(textChunk("Comment", "x"));
        textFirst.write(image, 8, image.length - 8);

        assertEquals("aqua.png: PNG does not start with an IHDR chunk (found tEXt)", failure(textFirst.toByteArray()));
    }

    @Test
    void avatarMustBeAValidPng() {
        assertEquals("avatar image: not a PNG image (the PNG signature is missing)",
                assertThrows(CardFormatException.class, () -> new Avatar(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5, 6, 7}))
                        .getMessage());
    }

    @Test
    void avatarsAreEqualByContent() throws IOException {
        Avatar first = new Avatar(plainPng());

        assertEquals(first, new Avatar(plainPng()));
        assertEquals(first.hashCode(), new Avatar(plainPng()).hashCode());
        first.png()[0] = 0;
        assertEquals(first, new Avatar(plainPng()), "the bytes handed out are a copy");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    private static int occurrences(byte[] bytes, byte[] part) {
        int count = 0;
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                count++;
            }
        }
        return count;
    }
}
