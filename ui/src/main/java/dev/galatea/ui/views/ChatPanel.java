package dev.galatea.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.upload.Upload;
import dev.galatea.chat.ChatException;
import dev.galatea.chat.prompt.Speaker;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.chat.ChatServices;
import dev.galatea.ui.chat.ChatSession;
import dev.galatea.ui.generation.ReplyResult;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.ReplyProvenance;
import dev.galatea.ui.persistence.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Chat tab: the conversation with the reply streaming in token by token, Enter or Send to send, Regenerate,
 * Undo, Stop, New chat, and saving and loading the Pygmalion chat file. Clicking a token of a reply shows its
 * probability and the alternatives the model weighed; hovering shows the same in short.
 */
final class ChatPanel extends VerticalLayout implements ChatSession.Listener {

    static final int MAX_CHAT_BYTES = 20 * 1024 * 1024;

    private final ChatSession session;
    private final Supplier<Optional<ChatSession.Persona>> persona;
    private final Supplier<Optional<GenerationSettings>> settings;
    private final Runnable chatChanged;
    private final DoubleConsumer tokensPerSecond;

    private final Div messages = new Div();
    private final Span status = new Span();
    private final Span replyStats = new Span();
    private final Div tokenDetails = new Div();
    private final TextArea input = new TextArea();
    private final Button send = new Button("Send");
    private final Button stop = new Button("Stop");
    private final Button regenerate = new Button("Regenerate");
    private final Button undo = new Button("Undo");
    private final Button newChat = new Button("New chat");
    private final Upload loadChat;
    private final HorizontalLayout actions = new HorizontalLayout();
    private Div pending;
    private Div pendingBody;
    private final List<TokenEvent> streamed = new ArrayList<>();

    /**
     * @param chatChanged     called when the open chat or its messages changed (library, prompt inspector)
     * @param tokensPerSecond hears the speed of each finished reply
     */
    ChatPanel(ChatServices services, UI ui, Supplier<Optional<ChatSession.Persona>> persona,
              Supplier<Optional<GenerationSettings>> settings, Runnable chatChanged, DoubleConsumer tokensPerSecond) {
        this.session = new ChatSession(services, command -> {
            try {
                ui.access(command::run);
            } catch (UIDetachedException e) {
                // The tab is closed: its reply was saved, and there is nobody left to show it to.
            }
        }, this);
        this.persona = persona;
        this.settings = settings;
        this.chatChanged = chatChanged;
        this.tokensPerSecond = tokensPerSecond;
        setId("chat-panel");
        setPadding(false);
        setSizeFull();

        messages.setId("messages");
        messages.addClassName("galatea-messages");
        status.setId("chat-status");
        status.addClassName("galatea-status");
        replyStats.setId("reply-stats");
        replyStats.addClassName("galatea-status");
        tokenDetails.setId("token-details");
        tokenDetails.addClassName("galatea-token-details");

        input.setId("message-input");
        input.setPlaceholder("Type a message. Enter sends, Shift+Enter starts a new line.");
        input.setWidthFull();
        input.getElement().addEventListener("keydown", event -> send(event.getEventData().getString("element.value")))
                .setFilter("event.key === 'Enter' && !event.shiftKey && !event.isComposing")
                .addEventData("element.value")
                .preventDefault();

        send.setId("send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickListener(event -> send(input.getValue()));
        stop.setId("stop");
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        stop.addClickListener(event -> session.stop());
        regenerate.setId("regenerate");
        regenerate.addClickListener(event -> regenerate());
        undo.setId("undo");
        undo.addClickListener(event -> {
            if (session.undo()) {
                showMessages();
                chatChanged.run();
            }
        });
        newChat.setId("new-chat");
        newChat.addClickListener(event -> this.persona.get().ifPresent(p -> {
            session.startChat(p);
            showMessages();
            chatChanged.run();
        }));
        Anchor saveChat = DownloadLink.create("save-chat", "Save chat", () -> session.character()
                .map(c -> new DownloadLink.File(c.name() + "-chat.json", "application/json", session.chatLog())));
        loadChat = BoundedUpload.create("load-chat", "Load chat…", "Chat files", MAX_CHAT_BYTES,
                ".json,application/json", this::loadChat);

        actions.add(send, stop, regenerate, undo, newChat, saveChat, loadChat);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        actions.getStyle().set("flex-wrap", "wrap");
        add(messages, status, replyStats, input, actions, tokenDetails);
        setFlexGrow(1, messages);
        setGenerating(false);
    }

    ChatSession session() {
        return session;
    }

    /** Adds buttons after the chat's own (sharing, comparing). */
    void addActions(Component... more) {
        actions.add(more);
    }

    String draft() {
        return input.getValue();
    }

    /** Shows the open chat's messages, from the session. */
    void showMessages() {
        messages.removeAll();
        pending = null;
        String name = session.character().map(c -> c.name()).orElse("Character");
        String user = session.userName().isBlank() ? "You" : session.userName();
        for (StoredMessage message : session.messages()) {
            messages.add(messageView(message, name, user));
        }
        tokenDetails.removeAll();
        setGenerating(session.isGenerating());
        scrollToEnd();
    }

    private void send(String text) {
        if (session.isGenerating()) {
            return;
        }
        Optional<ChatSession.Persona> p = persona.get();
        Optional<GenerationSettings> s = settings.get();
        if (p.isEmpty() || s.isEmpty()) {
            return;
        }
        try {
            session.send(p.get(), text, s.get());
        } catch (ChatException e) {
            Notices.error(e.getMessage());
            return;
        }
        // Enter sends the browser's text, which the server may not have heard yet: clear it on both sides.
        input.clear();
        input.getElement().executeJs("this.value = ''");
        showMessages();
        startPending();
        chatChanged.run();
    }

    private void regenerate() {
        Optional<ChatSession.Persona> p = persona.get();
        Optional<GenerationSettings> s = settings.get();
        if (p.isEmpty() || s.isEmpty() || session.isGenerating()) {
            return;
        }
        try {
            session.regenerate(p.get(), s.get());
        } catch (ChatException e) {
            Notices.error(e.getMessage());
            return;
        } catch (IllegalStateException e) {
            Notices.info("There is no message to answer again yet.");
            return;
        }
        showMessages();
        startPending();
    }

    private void loadChat(String fileName, byte[] json) {
        Optional<ChatSession.Persona> p = persona.get();
        if (p.isEmpty()) {
            return;
        }
        try {
            session.loadChatLog(p.get(), fileName, json);
        } catch (ChatException e) {
            Notices.error(e.getMessage());
            return;
        }
        showMessages();
        chatChanged.run();
        Notices.info("Loaded " + session.messages().size() + " messages from " + fileName + ".");
    }

    private void startPending() {
        streamed.clear();
        pending = new Div();
        pending.setId("pending-reply");
        pending.addClassNames("galatea-message", "character", "pending");
        Span label = new Span(session.character().map(c -> c.name()).orElse(""));
        label.addClassName("galatea-speaker");
        pendingBody = new Div();
        pendingBody.addClassName("message-body");
        listenForTokenClicks(pendingBody, streamed);
        pending.add(label, pendingBody);
        messages.add(pending);
        setGenerating(true);
        status.setText("Waiting for the model…");
        replyStats.setText("");
        scrollToEnd();
    }

    @Override
    public void queuePosition(int ahead) {
        status.setText(QueueStatus.text(ahead));
    }

    @Override
    public void promptRead(int read, int total) {
        status.setText(QueueStatus.reading(read, total));
    }

    @Override
    public void token(TokenEvent token) {
        if (pending == null) {
            return;
        }
        streamed.add(token);
        pendingBody.add(MessageBody.streamedToken(token, streamed.size() - 1));
        scrollToEnd();
    }

    @Override
    public void replyFinished(Optional<StoredMessage> reply, ReplyResult result) {
        showMessages();
        status.setText(switch (result.finishReason()) {
            case "cancelled" -> "Stopped.";
            case "length" -> "Reached max_new_tokens.";
            default -> "";
        });
        replyStats.setText(ReplyStats.text(result));
        tokensPerSecond.accept(result.tokensPerSecond());
        chatChanged.run();
    }

    @Override
    public void replyFailed(String message) {
        showMessages();
        status.setText("");
        Notices.error("The reply failed: " + message);
    }

    private Div messageView(StoredMessage stored, String characterName, String userName) {
        boolean character = stored.message().speaker() == Speaker.CHARACTER;
        Div view = new Div();
        view.addClassNames("galatea-message", character ? "character" : "user");
        view.getElement().setAttribute("data-ordinal", Integer.toString(stored.ordinal()));
        Span label = new Span(character ? characterName : userName);
        label.addClassName("galatea-speaker");
        List<TokenEvent> tokens = stored.provenanceIfPresent().map(ReplyProvenance::tokens).orElse(List.of());
        Div body = MessageBody.render(stored.message().text(), character, tokens);
        if (!tokens.isEmpty()) {
            listenForTokenClicks(body, tokens);
        }
        view.add(label, body);
        stored.provenanceIfPresent().ifPresent(provenance -> {
            Span facts = new Span("seed " + provenance.seed() + " · " + provenance.finishReason());
            facts.addClassName("galatea-message-facts");
            view.add(facts);
        });
        return view;
    }

    /** One listener per message body: the clicked token's index comes with the event. */
    private void listenForTokenClicks(Div body, List<TokenEvent> tokens) {
        String index = "(event.target.closest('[data-token]') || {dataset: {token: '-1'}}).dataset.token";
        body.getElement().addEventListener("click", event -> {
            int k = Integer.parseInt(event.getEventData().getString(index));
            if (k >= 0 && k < tokens.size()) {
                showTokenDetails(tokens.get(k));
            }
        }).addEventData(index);
    }

    private void showTokenDetails(TokenEvent token) {
        tokenDetails.removeAll();
        Span chosen = new Span("Token \"" + MessageBody.visible(token.text()) + "\" (id " + token.id() + "): probability "
                + MessageBody.percent(Math.exp(token.logprob())) + ".");
        chosen.setId("token-chosen");
        Span alternatives = new Span(token.alternatives().isEmpty() ? "" : " Top alternatives: "
                + token.alternatives().stream().map(MessageBody::alternative).collect(Collectors.joining(", ")) + ".");
        alternatives.setId("token-alternatives");
        tokenDetails.add(chosen, alternatives);
    }

    private void setGenerating(boolean generating) {
        send.setEnabled(!generating);
        stop.setEnabled(generating);
        regenerate.setEnabled(!generating);
        undo.setEnabled(!generating);
        newChat.setEnabled(!generating);
        loadChat.setEnabled(!generating);
    }

    private void scrollToEnd() {
        messages.getElement().executeJs("requestAnimationFrame(() => this.scrollTop = this.scrollHeight)");
    }
}
