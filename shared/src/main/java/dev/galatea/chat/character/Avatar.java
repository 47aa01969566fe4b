package dev.galatea.chat.character;

import java.util.Arrays;

/**
 * A character's picture: the bytes of a PNG whose signature and chunk CRCs were checked. Kept as bytes rather than an
 * image so that a card round-trips exactly and the UI can serve it as is.
 */
public record Avatar(byte[] png) {
    public Avatar {
        png = png.clone();
        PngChunks.read("avatar image", png);
    }

    @Override
    public byte[] png() {
        return png.clone();
    }

    public int sizeBytes() {
        return png.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Avatar that && Arrays.equals(png, that.png);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(png);
    }

    @Override
    public String toString() {
        return "Avatar[" + png.length + " bytes of PNG]";
    }
}
