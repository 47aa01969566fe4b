package dev.galatea.chat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.chat.character.Character;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {
    private static final Character AQUA = new Character("Aqua", "is kind", "Hello!", "", "");
    /** 3, 4, 2 and 3 words as lines: "You: one two", "Aqua: three four five", "You: six", "Aqua: seven eight". */
    private static final List<ChatMessage> HISTORY = List.of(
            ChatMessage.user("one two"), ChatMessage.character("three four five"),
            ChatMessage.user("six"), ChatMessage.character("seven eight"));

    private static BuiltPrompt build(int context, List<ChatMessage> history, int maxNewTokens) {
        return new PromptBuilder(new WordCounter(), context)
                .build(new PromptRequest(AQUA, null, history, "hi", maxNewTokens));
    }

    @Test
    void promptThatFitsKeepsEveryTurnAndCountsEachPart() {
        BuiltPrompt prompt = build(25, HISTORY, 5);

        assertEquals("Aqua's Persona: is kind\n<START>\nYou: one two\nAqua: three four five\nYou: six\n"
                + "Aqua: seven eight\nYou: hi\nAqua:", prompt.text());
        assertEquals(new PromptTokens(4, 0, 1, 12, 3, 5), prompt.parts());
        assertEquals(20, prompt.promptTokens());
        assertEquals(25, prompt.totalTokens());
        assertEquals(0, prompt.firstHistoryTurnInPrompt());
        assertEquals(List.of(), prompt.droppedForBudget());
    }

    @Test
    void oldestTurnsAreDroppedUntilPromptAndReplyFit() {
        BuiltPrompt prompt = build(20, HISTORY, 5);

        assertEquals("Aqua's Persona: is kind\n<START>\nYou: six\nAqua: seven eight\nYou: hi\nAqua:", prompt.text());
        assertEquals(List.of(0, 1), prompt.droppedForBudget());
        assertEquals(2, prompt.firstHistoryTurnInPrompt());
        assertEquals(new PromptTokens(4, 0, 1, 5, 3, 5), prompt.parts());
        assertEquals(13, prompt.promptTokens());
    }

    @Test
    void budgetDropsTheFewestOldestTurnsForEveryContextSize() {
        int[] turnWords = {3, 4, 2, 3};
        for (int context = 13; context <= 30; context++) {
            BuiltPrompt prompt = build(context, HISTORY, 5);
            int dropped = prompt.droppedForBudget().size();
            assertTrue(prompt.totalTokens() <= context, "context " + context);
            int keptOneMore = prompt.totalTokens() + (dropped == 0 ? 0 : turnWords[dropped - 1]);
            assertTrue(dropped == 0 || keptOneMore > context, "context " + context + " dropped one turn too many");
        }
    }

    @Test
    void promptThatCannotFitNamesEveryPart() {
        ContextOverflowException error = assertThrows(ContextOverflowException.class, () -> build(12, HISTORY, 5));

        assertEquals("the prompt does not fit the 12-token context even with all chat history dropped: 8 prompt "
                + "tokens (persona 4, scenario 0, example dialogue 1, new message 3) + 5 reserved for the reply "
                + "(max_new_tokens) = 13; shorten the persona, scenario, example dialogue or message, or lower "
                + "max_new_tokens", error.getMessage());
        assertEquals(new PromptTokens(4, 0, 1, 0, 3, 5), error.parts());
    }

    @Test
    void budgetTrimsOnlyTheTurnsInsideTheNotebookWindow() {
        List<ChatMessage> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            history.add(i % 2 == 0 ? ChatMessage.user("u" + i) : ChatMessage.character("c" + i));
        }
        BuiltPrompt roomy = build(2048, history, 196);
        assertEquals(4, roomy.firstHistoryTurnInPrompt());
        assertEquals(4, roomy.leftOutByTurnWindow());

        // Prompt: persona 4 + <START> 1 + 8 turns of 2 words + message 3 = 24 words; 3 words too many drops 2 turns.
        BuiltPrompt tight = build(21 + 5, history, 5);
        assertEquals(List.of(4, 5), tight.droppedForBudget());
        assertEquals(6, tight.firstHistoryTurnInPrompt());
        assertEquals(4, tight.leftOutByTurnWindow());
        assertTrue(tight.text().startsWith("Aqua's Persona: is kind\n<START>\nYou: u6\nAqua: c7\n"), tight.text());
    }

    @Test
    void exampleTurnsStayWhenHistoryIsDropped() {
        Character withExamples = new Character("Aqua", "", "", "", "You: ex one\nAqua: ex two");
        PromptBuilder builder = new PromptBuilder(new WordCounter(), 15);

        BuiltPrompt prompt = builder.build(new PromptRequest(withExamples, null, HISTORY, "hi", 0));

        assertEquals("<START>\nYou: ex one\nAqua: ex two\nYou: six\nAqua: seven eight\nYou: hi\nAqua:", prompt.text());
        assertEquals(List.of(0, 1), prompt.droppedForBudget());
        assertEquals(7, prompt.parts().examples());
    }

    @Test
    void estimateFromPartsIsCorrectedByCountingTheWholeText() {
        // Four characters per token, rounded up: parts do not add up to the whole, so the builder must recount.
        TokenCounter quarterChars = text -> (text.length() + 3) / 4;
        for (int context = 17; context <= 45; context++) {
            PromptBuilder builder = new PromptBuilder(quarterChars, context);
            BuiltPrompt prompt = builder.build(new PromptRequest(AQUA, null, HISTORY, "hi", 5));
            assertEquals(quarterChars.count(prompt.text()), prompt.promptTokens());
            assertTrue(prompt.totalTokens() <= context, "context " + context);
        }
    }

    @Test
    void blankMessageIsSentAsSilence() {
        BuiltPrompt prompt = new PromptBuilder(new WordCounter())
                .build(new PromptRequest(AQUA, null, List.of(), " \n\u00A0", 196));

        assertTrue(prompt.text().endsWith("<START>\nYou: ...\nAqua:"), prompt.text());
    }

    @Test
    void cardPlaceholdersAreResolvedWithTheUsersName() {
        Character card = new Character("Aqua", "{{char}} adores {{User}} and <user>.", "",
                "<BOT> meets {{user}}.", "{{user}}: hi <BOT>\n{{char}}: hello {{user}}\n<USER>: bye");
        BuiltPrompt prompt = new PromptBuilder(new WordCounter())
                .build(new PromptRequest(card, "Kazuma", List.of(), "yo", 196));

        assertEquals("Aqua's Persona: Aqua adores Kazuma and Kazuma.\nScenario: Aqua meets Kazuma.\n<START>\n"
                + "You: hi Aqua\nAqua: hello Kazuma\nYou: bye\nYou: yo\nAqua:", prompt.text());
    }

    @Test
    void textBeforeTheFirstExampleSpeakerIsDroppedAsInTheNotebook() {
        Character card = new Character("Aqua", "", "", "", "<START>\nYou: hi\nAqua: hello\n<START>\nYou: again");
        BuiltPrompt prompt = new PromptBuilder(new WordCounter())
                .build(new PromptRequest(card, null, List.of(), "yo", 196));

        assertEquals("<START>\nYou: hi\nAqua: hello\n<START>\nYou: again\nYou: yo\nAqua:", prompt.text());
    }

    @Test
    void narrowerTurnWindowKeepsFewerTurns() {
        BuiltPrompt prompt = new PromptBuilder(new WordCounter())
                .build(new PromptRequest(AQUA, null, HISTORY, "hi", 196, 2));

        assertEquals("Aqua's Persona: is kind\n<START>\nYou: six\nAqua: seven eight\nYou: hi\nAqua:", prompt.text());
        assertEquals(2, prompt.leftOutByTurnWindow());
        assertEquals(List.of(), prompt.droppedForBudget());
    }

    /** Ten turns of history: the notebook's window keeps the last 8, a window of 0 every one that fits. */
    @Test
    void windowOfZeroKeepsEveryTurnThatFitsAndTheNextPromptStartsTheSameWay() {
        List<ChatMessage> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(i % 2 == 0 ? ChatMessage.user("question " + i) : ChatMessage.character("answer " + i));
        }
        PromptBuilder builder = new PromptBuilder(new WordCounter());
        BuiltPrompt notebook = builder.build(new PromptRequest(AQUA, null, ten, "hi", 196));
        BuiltPrompt all = builder.build(new PromptRequest(AQUA, null, ten, "hi", 196, 0));

        assertEquals(2, notebook.leftOutByTurnWindow());
        assertTrue(notebook.text().startsWith("Aqua's Persona: is kind\n<START>\nYou: question 2\n"), notebook.text());
        assertEquals(0, all.leftOutByTurnWindow());
        assertTrue(all.text().startsWith("Aqua's Persona: is kind\n<START>\nYou: question 0\nAqua: answer 1\n"), all.text());

        List<ChatMessage> twelve = new ArrayList<>(ten);
        twelve.add(ChatMessage.user("hi"));
        twelve.add(ChatMessage.character("answer 11"));
        String stable = all.text().substring(0, all.text().length() - "You: hi\nAqua:".length());
        assertTrue(builder.build(new PromptRequest(AQUA, null, twelve, "bye", 196, 0)).text().startsWith(stable),
                "with every turn kept, the next prompt repeats this one's turns");
        assertFalse(builder.build(new PromptRequest(AQUA, null, twelve, "bye", 196)).text().startsWith(
                notebook.text().substring(0, notebook.text().indexOf("You: hi"))), "the notebook's window slides");
    }

    @Test
    void windowOfZeroStillDropsTheOldestTurnsWhenTheContextIsFull() {
        BuiltPrompt prompt = new PromptBuilder(new WordCounter(), 20)
                .build(new PromptRequest(AQUA, null, HISTORY, "hi", 5, 0));

        assertEquals("Aqua's Persona: is kind\n<START>\nYou: six\nAqua: seven eight\nYou: hi\nAqua:", prompt.text());
        assertEquals(List.of(0, 1), prompt.droppedForBudget());
    }

    /**
     * A chat of 40 exchanges in a 200-token context (chunks of 50 tokens): each prompt starts at a chunk's first turn,
     * so it starts the same way as the last one except where the chat crosses into a new chunk, and it never drops
     * more than a chunk beyond the fewest oldest turns that had to go.
     */
    @Test
    void windowOfZeroDropsHistoryInChunksSoThatMostPromptsStartLikeTheLastOne() {
        PromptBuilder builder = new PromptBuilder(new WordCounter(), 200);
        List<ChatMessage> history = new ArrayList<>();
        List<Integer> firstTurns = new ArrayList<>();
        for (int exchange = 0; exchange < 40; exchange++) {
            String message = "m" + " w".repeat(exchange % 3);
            BuiltPrompt prompt = builder.build(new PromptRequest(AQUA, null, history, message, 20, 0));
            assertTrue(prompt.totalTokens() <= 200, prompt.text());
            int first = prompt.firstHistoryTurnInPrompt();
            int fewest = first;
            while (fewest > 0 && fits(builder, history, message, fewest - 1)) {
                fewest--;
            }
            int extra = IntStream.range(fewest, first).map(i -> history.get(i).line("Aqua").split(" ").length).sum();
            assertTrue(extra < 50 + 12, "dropped " + extra + " tokens beyond the fewest turns at exchange " + exchange);
            firstTurns.add(first);
            history.add(ChatMessage.user(message));
            history.add(ChatMessage.character("r" + " w".repeat(4 + exchange % 7)));
        }
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 18, 18, 18, 18,
                26, 26, 26, 26, 35, 35, 35, 35, 42, 42, 42, 42, 52, 52, 52, 52), firstTurns);
    }

    private static boolean fits(PromptBuilder builder, List<ChatMessage> history, String message, int firstTurn) {
        String kept = history.subList(firstTurn, history.size()).stream()
                .map(turn -> turn.line("Aqua") + "\n").reduce("", String::concat);
        return new WordCounter().count("Aqua's Persona: is kind\n<START>\n" + kept + "You: " + message + "\nAqua:")
                + 20 <= 200;
    }
}
