package dev.galatea.chat.prompt;

import dev.galatea.chat.character.Character;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds prompts exactly as the Pygmalion gradio UI's {@code build_prompt_for} does, then fits them to the context.
 *
 * <pre>
 * Name's Persona: persona        (when the persona is not empty)
 * Scenario: scenario             (when the scenario is not empty)
 * &lt;START&gt;
 * ...the last 8 turns (the request's window) of example dialogue followed by chat history...
 * You: message
 * Name:</pre>
 *
 * The example dialogue is split into turns by {@link SpeakerTurns}. When prompt plus {@code maxNewTokens} exceed the
 * context, the oldest history turns in the prompt are dropped first; persona, scenario, examples and the new message
 * never are. If the prompt cannot fit with all history gone, {@link ContextOverflowException} names the parts.
 * <p>
 * With a turn window of 0 the prompt would otherwise lose one or two turns at its start on every reply once the
 * context is full, so that no reply could reuse the last one's KV cache and each would run its whole prompt again.
 * There history is dropped in chunks instead, as KoboldCpp's SmartContext does: the history is cut into chunks of
 * about {@link #DROP_CHUNK_FRACTION a quarter of the context} (a new chunk starts with the first turn that starts
 * past the next multiple of that many tokens), and the prompt starts at a chunk's first turn. The next several
 * replies then start the same way. The cut depends only on the history, so a regenerate or a replay builds the
 * same prompt.
 */
public final class PromptBuilder {
    public static final int DEFAULT_CONTEXT_TOKENS = 2048;
    /** The notebook's window of recent turns ("Arbitrary limit" in its source). */
    public static final int NOTEBOOK_TURN_WINDOW = 8;
    /** With a window of 0, history is dropped in chunks of about this share of the context. */
    static final int DROP_CHUNK_FRACTION = 4;

    static final String SILENCE = "...";
    private static final String START = "<START>";

    private final TokenCounter counter;
    private final int contextTokens;

    /** A builder for a 2048-token context (GPT-J's). */
    public PromptBuilder(TokenCounter counter) {
        this(counter, DEFAULT_CONTEXT_TOKENS);
    }

    public PromptBuilder(TokenCounter counter, int contextTokens) {
        if (contextTokens <= 0) {
            throw new IllegalArgumentException("the context must be positive, not " + contextTokens);
        }
        this.counter = counter;
        this.contextTokens = contextTokens;
    }

    public BuiltPrompt build(PromptRequest request) {
        Character character = request.character().resolvePlaceholders(request.userName());
        String name = character.name();
        List<ChatMessage> history = request.history();
        List<String> examples = character.exampleDialogue().isEmpty()
                ? List.of()
                : SpeakerTurns.split(character.exampleDialogue(), name);

        int turns = examples.size() + history.size();
        int windowStart = request.turnWindow() == 0 ? 0 : Math.max(0, turns - request.turnWindow());
        int firstHistory = Math.max(0, windowStart - examples.size());

        String persona = character.persona().isEmpty() ? "" : name + "'s Persona: " + character.persona() + "\n";
        String scenario = character.scenario().isEmpty() ? "" : "Scenario: " + character.scenario() + "\n";
        StringBuilder exampleLines = new StringBuilder(START).append('\n');
        examples.subList(Math.min(windowStart, examples.size()), examples.size())
                .forEach(turn -> exampleLines.append(turn).append('\n'));
        List<String> historyLines = new ArrayList<>();
        for (int i = firstHistory; i < history.size(); i++) {
            historyLines.add(history.get(i).line(name) + "\n");
        }
        String message = PythonText.isBlank(request.userMessage()) ? SILENCE : request.userMessage();
        String messageLines = "You: " + message + "\n" + name + ":";

        int personaTokens = count(persona);
        int scenarioTokens = count(scenario);
        int exampleTokens = count(exampleLines.toString());
        int messageTokens = count(messageLines);
        int[] historyTokens = historyLines.stream().mapToInt(this::count).toArray();
        int reserve = request.maxNewTokens();

        int dropped = 0;
        while (true) {
            String text = persona + scenario + exampleLines
                    + String.join("", historyLines.subList(dropped, historyLines.size())) + messageLines;
            int promptTokens = counter.count(text);
            if (promptTokens + reserve <= contextTokens) {
                int chunkStart = request.turnWindow() == 0 ? chunkStart(historyTokens, dropped) : dropped;
                if (chunkStart != dropped) {
                    dropped = chunkStart;
                    continue;
                }
                PromptTokens parts = new PromptTokens(personaTokens, scenarioTokens, exampleTokens,
                        IntStream.of(historyTokens).skip(dropped).sum(), messageTokens, reserve);
                return new BuiltPrompt(text, parts, promptTokens, contextTokens, firstHistory + dropped,
                        IntStream.range(firstHistory, firstHistory + dropped).boxed().toList());
            }
            if (dropped == historyLines.size()) {
                throw new ContextOverflowException(new PromptTokens(personaTokens, scenarioTokens, exampleTokens, 0,
                        messageTokens, reserve), promptTokens, contextTokens);
            }
            // Drop as many of the oldest turns as the per-part counts say are needed, then check the whole text again.
            int excess = promptTokens + reserve - contextTokens;
            for (int freed = 0; freed < excess && dropped < historyLines.size(); dropped++) {
                freed += historyTokens[dropped];
            }
        }
    }

    /**
     * The first turn at or after {@code turn} that starts a chunk of about {@code contextTokens /}
     * {@link #DROP_CHUNK_FRACTION} history tokens; {@code turn} itself when it is the first or when no later turn
     * starts a chunk, as when the few turns that fit are all shorter than one.
     */
    private int chunkStart(int[] historyTokens, int turn) {
        int chunkTokens = Math.max(1, contextTokens / DROP_CHUNK_FRACTION);
        int start = IntStream.of(historyTokens).limit(turn).sum();
        for (int i = turn; i > 0 && i < historyTokens.length; i++) {
            int previousStart = start - historyTokens[i - 1];
            if (start / chunkTokens != previousStart / chunkTokens) {
                return i;
            }
            start += historyTokens[i];
        }
        return turn;
    }

    private int count(String text) {
        return text.isEmpty() ? 0 : counter.count(text);
    }
}
