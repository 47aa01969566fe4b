package dev.galatea.chat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.chat.character.Character;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of the prompts the Pygmalion gradio UI built, reproduced byte for byte. */
class PygmalionFixtureTest {
    private static final JsonNode FIXTURE = load();

    private static JsonNode load() {
        try (InputStream in = PygmalionFixtureTest.class.getResourceAsStream("/fixtures/prompts/pygmalion-prompts.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> promptCases() {
        JsonNode cases = FIXTURE.get("prompt_cases");
        return IntStream.range(0, cases.size()).mapToObj(i -> Arguments.of(i, cases.get(i)));
    }

    static Stream<Arguments> replyCases() {
        JsonNode cases = FIXTURE.get("reply_cases");
        return IntStream.range(0, cases.size()).mapToObj(i -> Arguments.of(i, cases.get(i)));
    }

    @Test
    void fixtureHoldsFortyPromptCasesAndFourReplyCases() {
        assertEquals(40, FIXTURE.get("prompt_cases").size());
        assertEquals(4, FIXTURE.get("reply_cases").size());
    }

    @ParameterizedTest(name = "prompt case {0}")
    @MethodSource("promptCases")
    void promptIsByteIdenticalToTheNotebook(int index, JsonNode testCase) {
        String name = testCase.get("char_name").textValue();
        Character character = new Character(name, text(testCase, "char_persona"), null,
                text(testCase, "world_scenario"), text(testCase, "example_dialogue"));
        List<ChatMessage> history = new ArrayList<>();
        for (JsonNode line : testCase.get("history")) {
            history.add(ChatMessage.fromLine(line.textValue(), name).orElseThrow());
        }
        PromptRequest request = new PromptRequest(character, null, history, testCase.get("user_message").textValue(), 196);

        BuiltPrompt prompt = new PromptBuilder(new WordCounter()).build(request);

        assertEquals(testCase.get("expected_prompt").textValue(), prompt.text());
        assertEquals(List.of(), prompt.droppedForBudget());
        assertEquals(new WordCounter().count(prompt.text()), prompt.parts().prompt(),
                "the parts are the prompt cut at line ends, so their word counts add up to the whole");
    }

    @ParameterizedTest(name = "reply case {0}")
    @MethodSource("replyCases")
    void replyKeepsTheNotebooksFirstMessage(int index, JsonNode testCase) {
        assertEquals(testCase.get("expected_first_message").textValue(),
                ReplyParser.firstMessage(testCase.get("model_output").textValue(), testCase.get("char_name").textValue()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.textValue();
    }
}
