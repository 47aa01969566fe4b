package dev.galatea.ui.chat;

import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.BuiltPrompt;
import dev.galatea.chat.prompt.ChatLog;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.prompt.PromptBuilder;
import dev.galatea.chat.prompt.PromptRequest;
import dev.galatea.chat.prompt.ReplyParser;
import dev.galatea.chat.prompt.Speaker;
import dev.galatea.chat.prompt.StopStrings;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.generation.GenerationQueue;
import dev.galatea.ui.generation.ReplyRequest;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.ReplyProvenance;
import dev.galatea.ui.persistence.StoredMessage;
import dev.galatea.ui.persistence.UserSettingsStore;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * One browser tab's conversation: which character and chat are open, their messages, and the reply being generated.
 * It is not thread-safe: every call comes on the tab's UI thread, and the stream's callbacks are handed back to it
 * through {@code uiThread} (Vaadin's {@code UI.access}). Saved messages are written before the view hears of them.
 */
public final class ChatSession {

    /** What the view hears, always on its UI thread. */
    public interface Listener {
        /** The reply waits behind {@code ahead} generations; 0 when it starts. */
        void queuePosition(int ahead);

        /** The prompt's first {@code read} of {@code total} tokens are read; all of them when the reply starts. */
        default void promptRead(int read, int total) {
        }

        void token(TokenEvent token);

        /** @param reply the saved reply, or empty when a stop came before any text */
        void replyFinished(Optional<StoredMessage> reply, ReplyResult result);

        void replyFailed(String message);
    }

    /** The character and the user's name as the form holds them when a message is sent. */
    public record Persona(Character character, String userName) {
    }

    private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CharacterStore characters;
    private final ChatStore chats;
    private final UserSettingsStore userSettings;
    private final GenerationQueue queue;
    private final PromptBuilder prompts;
    private final LongSupplier randomSeeds;
    private final Executor uiThread;
    private final Listener listener;

    private Long characterId;
    private Long chatId;
    private Character savedCharacter;
    private String userName = "";
    private final List<StoredMessage> messages = new ArrayList<>();
    private GenerationQueue.Ticket running;

    public ChatSession(ChatServices services, Executor uiThread, Listener listener) {
        this.characters = services.characters();
        this.chats = services.chats();
        this.userSettings = services.userSettings();
        this.queue = services.queue();
        this.prompts = services.engine().promptBuilder();
        this.randomSeeds = services.randomSeeds();
        this.uiThread = uiThread;
        this.listener = listener;
    }

    public List<StoredMessage> messages() {
        return List.copyOf(messages);
    }

    public Optional<Long> chatId() {
        return Optional.ofNullable(chatId);
    }

    public Optional<Long> characterId() {
        return Optional.ofNullable(characterId);
    }

    public Optional<Character> character() {
        return Optional.ofNullable(savedCharacter);
    }

    public String userName() {
        return userName;
    }

    public boolean isGenerating() {
        return running != null;
    }

    /** Opens a saved chat with its character. */
    public void open(long chat) {
        ChatStore.ChatSummary summary = chats.find(chat).orElseThrow(() -> new IllegalArgumentException("no chat " + chat));
        CharacterStore.StoredCharacter stored = characters.find(summary.characterId()).orElseThrow();
        characterId = stored.id();
        savedCharacter = stored.character();
        chatId = summary.id();
        userName = summary.userName();
        messages.clear();
        messages.addAll(chats.messages(chat));
        userSettings.setOpenChat(chat);
    }

    /** Reopens the chat that was open last, if it still exists. */
    public boolean openLast() {
        Optional<Long> last = userSettings.openChat().filter(id -> chats.find(id).isPresent());
        last.ifPresent(this::open);
        return last.isPresent();
    }

    /** Opens a saved character without a chat yet; the next message starts one. */
    public void selectCharacter(long id) {
        CharacterStore.StoredCharacter stored = characters.find(id).orElseThrow(() -> new IllegalArgumentException("no character " + id));
        characterId = stored.id();
        savedCharacter = stored.character();
        chatId = null;
        messages.clear();
    }

    /** Saves the form's character: as a new one when none is selected, else over the selected one. */
    public long saveCharacter(Character character) {
        if (characterId == null) {
            characterId = characters.insert(character);
        } else if (!character.equals(savedCharacter)) {
            characters.update(characterId, character);
        }
        savedCharacter = character;
        return characterId;
    }

    /** Forgets the selection, so that the form's next save makes a new character. */
    public void newCharacter() {
        characterId = null;
        savedCharacter = null;
        chatId = null;
        messages.clear();
    }

    /** Deletes a saved chat; when it is the open one, the character stays and the next message starts a new chat. */
    public void deleteChat(long id) {
        chats.delete(id);
        if (Long.valueOf(id).equals(chatId)) {
            chatId = null;
            messages.clear();
        }
    }

    /** Deletes a saved character with all its chats; when it is the open one, the form's next save makes a new one. */
    public void deleteCharacter(long id) {
        characters.delete(id);
        if (Long.valueOf(id).equals(characterId)) {
            newCharacter();
        }
    }

    /** Starts a new chat with the form's character, whose greeting is the first message. */
    public void startChat(Persona persona) {
        saveCharacter(persona.character());
        userName = persona.userName().strip();
        chatId = chats.create(characterId, persona.character().name() + ", " + LocalDateTime.now().format(TITLE_TIME),
                userName);
        messages.clear();
        String greeting = persona.character().resolvePlaceholders(userName).greeting();
        if (!greeting.isBlank()) {
            messages.add(chats.append(chatId, ChatMessage.character(greeting), null));
        }
        userSettings.setOpenChat(chatId);
    }

    /** The prompt the next message would send, for the inspector. */
    public BuiltPrompt preview(Persona persona, String message, GenerationSettings settings) {
        return prompts.build(new PromptRequest(persona.character(), persona.userName(), history(messages.size()),
                message, settings.maxNewTokens(), settings.historyTurns()));
    }

    /** Sends the user's message (blank becomes "...", as in the Pygmalion UI) and starts the character's reply. */
    public void send(Persona persona, String text, GenerationSettings settings) {
        requireIdle();
        if (chatId == null) {
            startChat(persona);
        } else {
            saveCharacter(persona.character());
            if (!persona.userName().strip().equals(userName)) {
                userName = persona.userName().strip();
                chats.setUserName(chatId, userName);
            }
        }
        String message = text == null || text.isBlank() ? "..." : text;
        // The prompt is built before the message is saved: the message is the prompt's last turn, not history.
        BuiltPrompt prompt = prompts.build(new PromptRequest(persona.character(), userName, history(messages.size()),
                message, settings.maxNewTokens(), settings.historyTurns()));
        messages.add(chats.append(chatId, ChatMessage.user(message), null));
        generate(prompt, settings);
    }

    /**
     * Replaces the last reply with a new one for the same message. When the last message is the user's (its reply
     * failed or was stopped before any text), generates the missing reply.
     */
    public void regenerate(Persona persona, GenerationSettings settings) {
        requireIdle();
        int userIndex = lastUserMessageIndex();
        if (chatId == null || userIndex < 0) {
            throw new IllegalStateException("there is no message to answer again");
        }
        saveCharacter(persona.character());
        if (userIndex + 1 < messages.size()) {
            chats.truncate(chatId, messages.get(userIndex + 1).ordinal());
            messages.subList(userIndex + 1, messages.size()).clear();
        }
        BuiltPrompt prompt = prompts.build(new PromptRequest(persona.character(), userName, history(userIndex),
                messages.get(userIndex).message().text(), settings.maxNewTokens(), settings.historyTurns()));
        generate(prompt, settings);
    }

    /** Removes the last exchange: the user's last message and everything after it. False when there is none. */
    public boolean undo() {
        requireIdle();
        int userIndex = lastUserMessageIndex();
        if (chatId == null || userIndex < 0) {
            return false;
        }
        chats.truncate(chatId, messages.get(userIndex).ordinal());
        messages.subList(userIndex, messages.size()).clear();
        return true;
    }

    /** Stops the reply being generated; what it had so far is kept. */
    public void stop() {
        if (running != null) {
            running.cancel();
        }
    }

    /** The open chat as the Pygmalion UI saves it. */
    public byte[] chatLog() {
        if (savedCharacter == null) {
            throw new IllegalStateException("no chat is open");
        }
        return ChatLog.write(messages.stream().map(StoredMessage::message).toList(), savedCharacter.name());
    }

    /**
     * Loads a Pygmalion conversation file as a new chat with the form's character. The file is read in full before
     * anything changes, so a bad file leaves the open chat as it was.
     *
     * @throws dev.galatea.chat.prompt.ChatLogException naming the file and the entry at fault
     */
    public void loadChatLog(Persona persona, String fileName, byte[] json) {
        requireIdle();
        List<ChatMessage> loaded = ChatLog.read(fileName, json, persona.character().name(), persona.userName());
        saveCharacter(persona.character());
        userName = persona.userName().strip();
        chatId = chats.create(characterId, fileName, userName);
        messages.clear();
        messages.addAll(chats.replaceMessages(chatId, loaded));
        userSettings.setOpenChat(chatId);
    }

    private void generate(BuiltPrompt prompt, GenerationSettings settings) {
        long seed = settings.seed() != null ? settings.seed() : randomSeeds.getAsLong();
        List<String> stops = StopStrings.forChat(settings.stopStrings(), userName);
        long chat = chatId;
        String name = savedCharacter.name();
        List<TokenEvent> tokens = new ArrayList<>();
        // The ticket is stored under this lock, and the callbacks clear it under the same lock: a reply that
        // finishes before submit returns (a UI executor that runs callbacks on the worker) cannot be left "running".
        synchronized (this) {
            running = queue.submit(new ReplyRequest(prompt.text(), settings, seed, stops), listenerFor(chat, name, settings, seed, tokens));
        }
    }

    private GenerationQueue.Listener listenerFor(long chat, String name, GenerationSettings settings, long seed,
                                                 List<TokenEvent> tokens) {
        return new GenerationQueue.Listener() {
            @Override
            public void onQueuePosition(int ahead) {
                uiThread.execute(() -> listener.queuePosition(ahead));
            }

            @Override
            public void onPromptRead(int read, int total) {
                uiThread.execute(() -> listener.promptRead(read, total));
            }

            @Override
            public void onToken(TokenEvent token) {
                tokens.add(token);
                uiThread.execute(() -> listener.token(token));
            }

            @Override
            public void onDone(ReplyResult result) {
                ChatMessage reply = ReplyParser.characterMessage(result.text(), name);
                Optional<StoredMessage> saved = reply.text().isBlank() ? Optional.empty()
                        : Optional.of(chats.append(chat, reply,
                                new ReplyProvenance(settings, seed, result.finishReason(), tokens)));
                Optional<StoredMessage> finalSaved = saved;
                uiThread.execute(() -> {
                    clearRunning();
                    finalSaved.ifPresent(messages::add);
                    listener.replyFinished(finalSaved, result);
                });
            }

            @Override
            public void onError(String message) {
                uiThread.execute(() -> {
                    clearRunning();
                    listener.replyFailed(message);
                });
            }
        };
    }

    private synchronized void clearRunning() {
        running = null;
    }

    private List<ChatMessage> history(int end) {
        return messages.subList(0, end).stream().map(StoredMessage::message).toList();
    }

    private int lastUserMessageIndex() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).message().speaker() == Speaker.USER) {
                return i;
            }
        }
        return -1;
    }

    private void requireIdle() {
        if (running != null) {
            throw new IllegalStateException("a reply is being generated; stop it first");
        }
    }
}
