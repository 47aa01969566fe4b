package dev.galatea.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelHeaderTest {

    @Test
    void parameterCountsReadAsModelCardsWriteThem() {
        assertEquals("6.05B", ModelHeader.formatParameterCount(6_050_882_784L));
        assertEquals("1.23M", ModelHeader.formatParameterCount(1_234_567));
        assertEquals("125M", ModelHeader.formatParameterCount(125_239_296));
        assertEquals("16.4K", ModelHeader.formatParameterCount(16_384));
        assertEquals("512", ModelHeader.formatParameterCount(512));
    }
}
