package dev.galatea.ui.share;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.galatea.chat.character.Character;
import dev.galatea.chat.prompt.Speaker;
import dev.galatea.ui.compare.ColumnOutput;
import dev.galatea.ui.compare.ComparedColumn;
import dev.galatea.ui.compare.SettingsSummary;
import dev.galatea.ui.generation.GenerationQueue;
import dev.galatea.ui.generation.ModelSummary;
import dev.galatea.ui.generation.ReplyEngine;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.persistence.ReplyProvenance;
import dev.galatea.ui.persistence.UserSettingsStore;
import dev.galatea.ui.views.MainView;
import dev.galatea.ui.views.MessageBody;
import dev.galatea.ui.views.ModelHeader;
import java.io.ByteArrayInputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A shared session at {@code /s/{id}}, for anyone with the link: the chat or comparison exactly as it was shared,
 * read-only, with whether it was made with the model loaded now. A chat can be forked into the visitor's own
 * playground, and each of its replies replayed from its recorded settings and seed.
 */
@Route("s")
@CssImport("./styles/galatea-compare.css")
public class SharedSessionView extends VerticalLayout implements HasUrlParameter<String>, HasDynamicTitle {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private final ShareService shares;
    private final ShareReplay replays;
    private final UserSettingsStore userSettings;
    private final ModelSummary loaded;
    private final List<GenerationQueue.Ticket> replaying = new ArrayList<>();
    private String title = "Shared session · Galatea";

    public SharedSessionView(ShareService shares, ShareReplay replays, UserSettingsStore userSettings,
                             ReplyEngine engine) {
        this.shares = shares;
        this.replays = replays;
        this.userSettings = userSettings;
        this.loaded = engine.model();
        setId("shared-session");
        setPadding(false);
        addDetachListener(event -> replaying.forEach(GenerationQueue.Ticket::cancel));
    }

    /** @throws ShareNotFoundException for a malformed, unknown or revoked id, which shows the 404 page */
    @Override
    public void setParameter(BeforeEvent event, String id) {
        Snapshot snapshot = shares.open(id);
        title = snapshot.title() + " · shared on Galatea";
        removeAll();
        VerticalLayout body = new VerticalLayout();
        body.setWidthFull();
        H2 heading = new H2(snapshot.title());
        heading.setId("share-title");
        Span when = new Span("Shared " + WHEN.format(snapshot.takenAt().atOffset(ZoneOffset.UTC))
                + ". Read-only: this page shows the session as it was when it was shared.");
        when.setId("share-taken-at");
        when.addClassName("galatea-hint");
        body.add(heading, when, modelStatus(snapshot.model()));
        switch (snapshot) {
            case ChatSnapshot chat -> showChat(body, chat);
            case ComparisonSnapshot comparison -> showComparison(body, comparison);
        }
        add(new ModelHeader(loaded), body);
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private Span modelStatus(ModelIdentity model) {
        boolean same = model.isLoaded(loaded);
        Span status = new Span("Made with " + model.name() + " (fingerprint " + model.fingerprint() + "). " + (same
                ? "That is the model loaded here now, so replays reproduce it."
                : "The model loaded here now is " + loaded.name() + " (fingerprint " + loaded.fingerprint()
                        + "), so replays may differ."));
        status.setId("share-model");
        status.addClassNames("galatea-share-model", same ? "same" : "different");
        status.getElement().setAttribute("data-same-model", Boolean.toString(same));
        return status;
    }

    private void showChat(VerticalLayout body, ChatSnapshot chat) {
        Button fork = new Button("Continue in my playground", event -> {
            long chatId = shares.fork(chat);
            userSettings.setOpenChat(chatId);
            UI.getCurrent().navigate(MainView.class);
        });
        fork.setId("share-fork");
        fork.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        Div messages = new Div();
        messages.setId("share-messages");
        messages.addClassName("galatea-messages");
        String user = chat.userName().isBlank() ? "You" : chat.userName();
        for (int i = 0; i < chat.messages().size(); i++) {
            messages.add(message(chat, i, user));
        }
        body.add(character(chat.character()), fork, messages, settings(chat));
    }

    private Div character(Character character) {
        Div card = new Div();
        card.setId("share-character");
        HorizontalLayout top = new HorizontalLayout();
        top.setAlignItems(FlexComponent.Alignment.CENTER);
        character.avatarIfPresent().ifPresent(avatar -> {
            byte[] png = avatar.png();
            Image image = new Image(DownloadHandler.fromInputStream(event -> new DownloadResponse(
                    new ByteArrayInputStream(png), "avatar.png", "image/png", png.length)), "Character avatar");
            image.setId("share-avatar");
            image.addClassName("galatea-avatar");
            top.add(image);
        });
        Span name = new Span(character.name());
        name.setId("share-character-name");
        name.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-l)");
        top.add(name);
        card.add(top, field("share-persona", "Persona", character.persona()),
                field("share-scenario", "Scenario", character.scenario()));
        if (!character.exampleDialogue().isEmpty()) {
            Details examples = new Details("Example chat", text("share-examples", character.exampleDialogue()));
            card.add(examples);
        }
        return card;
    }

    private Div message(ChatSnapshot chat, int index, String userName) {
        ChatSnapshot.Message message = chat.messages().get(index);
        boolean character = message.message().speaker() == Speaker.CHARACTER;
        Div view = new Div();
        view.addClassNames("galatea-message", character ? "character" : "user");
        view.getElement().setAttribute("data-ordinal", Integer.toString(index));
        Span label = new Span(character ? chat.character().name() : userName);
        label.addClassName("galatea-speaker");
        ReplyProvenance provenance = message.provenance();
        List<TokenEvent> tokens = provenance == null ? List.of() : provenance.tokens();
        view.add(label, MessageBody.render(message.message().text(), character, tokens));
        if (provenance != null) {
            Span facts = new Span("seed " + provenance.seed() + " · " + SettingsSummary.of(provenance.settings())
                    + " · " + provenance.finishReason());
            facts.addClassName("galatea-message-facts");
            view.add(facts);
        }
        if (replays.request(chat, index).isPresent()) {
            Span outcome = new Span();
            outcome.setId("replay-result-" + index);
            outcome.addClassName("galatea-message-facts");
            Button replay = new Button("Replay");
            replay.setId("replay-" + index);
            replay.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            replay.addClickListener(event -> replay(chat, index, replay, outcome));
            view.add(replay, outcome);
        }
        return view;
    }

    private void replay(ChatSnapshot chat, int index, Button button, Span outcome) {
        UI ui = UI.getCurrent();
        button.setEnabled(false);
        outcome.setText("Replaying…");
        outcome.getElement().removeAttribute("data-verdict");
        replaying.add(replays.replay(chat, index,
                ahead -> ui.access(() -> outcome.setText(ahead == 0 ? "Replaying…"
                        : "Replay waits for the model: " + ahead + " ahead.")),
                result -> ui.access(() -> {
                    button.setEnabled(true);
                    outcome.getElement().setAttribute("data-verdict", result.verdict().name());
                    outcome.setText(switch (result.verdict()) {
                        case MATCHES -> "Replay matches: the same settings and seed gave the same text.";
                        case MATCHES_AS_FAR_AS_SHARED -> "Replay matches as far as the shared reply went "
                                + "(it was stopped early); the replay went on: " + result.replayText();
                        case DIFFERS -> "Replay differs: " + result.replayText();
                        case FAILED -> "Replay failed: " + result.replayText();
                    });
                })));
    }

    private Details settings(ChatSnapshot chat) {
        Details details = new Details("Generation settings when shared",
                text("share-settings", "seed " + (chat.settings().seed() == null ? "random" : chat.settings().seed())
                        + " · " + SettingsSummary.of(chat.settings()) + "\nstop strings: "
                        + chat.settings().stopStrings().stream().map(s -> s.replace("\n", "\\n")).toList()
                        + "\nbanned words: " + chat.settings().bannedWords()));
        details.setId("share-settings-panel");
        return details;
    }

    private void showComparison(VerticalLayout body, ComparisonSnapshot comparison) {
        Details prompt = new Details("Prompt every column continued", text("share-prompt", comparison.prompt()));
        prompt.setOpened(false);
        HorizontalLayout columns = new HorizontalLayout();
        columns.setId("share-columns");
        columns.setWidthFull();
        columns.addClassName("galatea-compare-columns");
        List<ComparedColumn> all = comparison.columns();
        for (int i = 0; i < all.size(); i++) {
            ComparedColumn column = all.get(i);
            VerticalLayout view = new VerticalLayout();
            view.setPadding(false);
            view.setId("column-" + (i + 1));
            view.addClassName("galatea-compare-column");
            Span label = new Span("Column " + (i + 1) + ": " + column.label());
            label.addClassName("galatea-speaker");
            Span settings = new Span("seed " + column.seed() + " · " + SettingsSummary.of(column.settings()));
            settings.setId("column-" + (i + 1) + "-settings");
            settings.addClassName("galatea-message-facts");
            ColumnOutput output = ColumnOutput.of(i, column);
            output.showDivergence(all.getFirst(), column);
            view.add(label, settings, output);
            columns.add(view);
        }
        body.add(prompt, columns);
    }

    private static Div field(String id, String label, String value) {
        Div field = new Div();
        Span name = new Span(label);
        name.addClassName("galatea-speaker");
        field.add(name, text(id, value.isEmpty() ? "–" : value));
        return field;
    }

    private static Pre text(String id, String value) {
        Pre pre = new Pre(value);
        pre.setId(id);
        pre.getStyle().set("white-space", "pre-wrap").set("margin", "0").set("font-family", "inherit");
        return pre;
    }
}
