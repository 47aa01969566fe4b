package dev.galatea.ui.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.dom.Element;
import dev.galatea.ui.generation.TokenAlternative;
import dev.galatea.ui.generation.TokenEvent;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageBodyTest {

    @Test
    void actionsBecomeItalicAndMarkupStaysText() {
        Div body = MessageBody.render("*smiles* <b>hi</b> * not an action", true, List.of());

        assertThat(outline(body.getElement())).isEqualTo("[em:smiles][text: <b>hi</b> * not an action]");
    }

    @Test
    void userMessagesKeepTheirAsterisks() {
        Div body = MessageBody.render("*smiles*", false, List.of());

        assertThat(outline(body.getElement())).isEqualTo("[text:*smiles*]");
    }

    @Test
    void eachTokenOfAReplyIsASpanOverTheStrippedText() {
        List<TokenEvent> tokens = List.of(token(" *"), token("waves"), token("*"), token(" Hi"), token("\nYou"));
        Div body = MessageBody.render("*waves* Hi", true, tokens);

        assertThat(outline(body.getElement()))
                .isEqualTo("[span 0:][span 1:[em:waves]][span 2:][span 3:[text: Hi]]");
        assertThat(body.getElement().getChild(1).getAttribute("title"))
                .isEqualTo("\"waves\" p=50.0% · top: \"waves\" 50.0%, \" x\" 0.0021%");
    }

    @Test
    void probabilitiesKeepTwoSignificantDigitsWhenTiny() {
        assertThat(MessageBody.percent(0.4213)).isEqualTo("42.1%");
        assertThat(MessageBody.percent(0.001)).isEqualTo("0.1%");
        assertThat(MessageBody.percent(0.0000213)).isEqualTo("0.0021%");
    }

    private static TokenEvent token(String text) {
        return new TokenEvent(1, text, Math.log(0.5), List.of(new TokenAlternative(text, 0.5),
                new TokenAlternative(" x", 0.0000213)));
    }

    /** The element tree in short: text nodes, em and token spans with their index. */
    private static String outline(Element element) {
        return element.getChildren().map(child -> {
            if (child.isTextNode()) {
                return "[text:" + child.getText() + "]";
            }
            String tag = child.getTag();
            String label = tag.equals("span") ? "span " + child.getAttribute("data-token") : tag;
            return "[" + label + ":" + (tag.equals("em") ? child.getText() : outline(child)) + "]";
        }).collect(Collectors.joining());
    }
}
