package dev.galatea.ui.compare;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.chat.settings.Preset;
import dev.galatea.chat.settings.Setting;
import dev.galatea.ui.chat.ChatServices;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.share.ComparisonSnapshot;
import dev.galatea.ui.share.ModelIdentity;
import dev.galatea.ui.share.ShareLinkBox;
import dev.galatea.ui.share.ShareService;
import dev.galatea.ui.views.MainView;
import dev.galatea.ui.views.ModelHeader;
import dev.galatea.ui.views.QueueStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Side by side: one prompt, or the next reply of a saved chat ({@code compare?chat=ID}), continued by 2 to 4 columns
 * with their own settings and seeds in one batched generation that streams every column at once. Under each column:
 * tokens/s, token count, mean logprob and where it first parts from column 1. A column can be kept as the chat's
 * reply, and the comparison shared read-only.
 */
@Route("compare")
@PageTitle("Compare · Galatea")
@CssImport("./styles/galatea-compare.css")
public class CompareView extends VerticalLayout implements BeforeEnterObserver {

    static final int MIN_COLUMNS = 2;
    static final int MAX_COLUMNS = 4;
    private static final List<Preset> DEFAULT_PRESETS = List.of(ComparisonPresets.PYGMALION_DEFAULTS,
            ComparisonPresets.GREEDY, ComparisonPresets.CREATIVE, ComparisonPresets.CONTRASTIVE);

    private final ChatServices services;
    private final ComparisonEngine engine;
    private final CompareService compare;
    private final ShareService shares;
    private final UI ui;
    private final GenerationSettings base;

    private final Div context = new Div();
    private final TextArea text = new TextArea();
    private final IntegerField maxNewTokens = new IntegerField("max_new_tokens (all columns)");
    private final HorizontalLayout columnsRow = new HorizontalLayout();
    private final List<Column> columns = new ArrayList<>();
    private final Button addColumn = new Button("Add column");
    private final Button removeColumn = new Button("Remove last column");
    private final Button run = new Button("Generate side by side");
    private final Button stop = new Button("Stop");
    private final Button share = new Button("Share comparison");
    private final Span status = new Span();
    private final Div shareBox = new Div();
    private final Div saved = new Div();

    private CompareService.ChatContext chat;
    private ComparisonRun running;
    private String lastPrompt;
    private String lastMessage;
    private List<String> lastStops;
    private List<ComparedColumn> results;
    private int finishedRuns;

    public CompareView(ChatServices services, ComparisonEngine engine, CompareService compare, ShareService shares) {
        this.services = services;
        this.engine = engine;
        this.compare = compare;
        this.shares = shares;
        this.ui = UI.getCurrent();
        this.base = services.userSettings().generationSettings();
        setId("compare-view");
        setPadding(false);

        RouterLink back = new RouterLink("← Back to the playground", MainView.class);
        back.setId("compare-back");
        H2 title = new H2("Compare sampling settings");
        context.setId("compare-context");
        text.setWidthFull();
        text.setMinHeight("6em");
        maxNewTokens.setId("compare-max-new-tokens");
        maxNewTokens.setMin((int) Setting.MAX_NEW_TOKENS.min());
        maxNewTokens.setMax((int) Setting.MAX_NEW_TOKENS.max());
        maxNewTokens.setStepButtonsVisible(true);
        maxNewTokens.setValue(base.maxNewTokens());

        columnsRow.setId("compare-columns");
        columnsRow.setWidthFull();
        columnsRow.addClassName("galatea-compare-columns");
        addColumn.setId("compare-add-column");
        addColumn.addClickListener(event -> addColumn());
        removeColumn.setId("compare-remove-column");
        removeColumn.addClickListener(event -> removeColumn());
        run.setId("compare-run");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        run.addClickListener(event -> start());
        stop.setId("compare-stop");
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        stop.addClickListener(event -> {
            if (running != null) {
                running.cancel();
            }
        });
        share.setId("compare-share");
        share.addClickListener(event -> shareComparison());
        status.setId("compare-status");
        status.addClassName("galatea-status");
        shareBox.setId("compare-share-box");
        saved.setId("compare-saved");

        HorizontalLayout actions = new HorizontalLayout(run, stop, addColumn, removeColumn, share, status);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        VerticalLayout body = new VerticalLayout(back, title, context, text, maxNewTokens, columnsRow, actions,
                shareBox, saved);
        body.setWidthFull();
        add(new ModelHeader(services.engine().model()), body);
        for (int i = 0; i < 3; i++) {
            addColumn();
        }
        setRunning(false);
    }

    /** The chat's "Compare" button: the open chat's next reply side by side, or a prompt of one's own. */
    public static Button compareButton(Supplier<Optional<Long>> openChat) {
        Button button = new Button("Compare…", event -> openChat.get().ifPresentOrElse(
                chatId -> UI.getCurrent().navigate(CompareView.class, QueryParameters.of("chat", chatId.toString())),
                () -> UI.getCurrent().navigate(CompareView.class)));
        button.setId("compare-chat");
        return button;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<Long> chatId = event.getLocation().getQueryParameters().getSingleParameter("chat").flatMap(id -> {
            try {
                return Optional.of(Long.parseLong(id));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        chat = chatId.flatMap(compare::chat).orElse(null);
        context.removeAll();
        if (chat != null) {
            context.add(new Paragraph("The next reply of \"" + chat.title() + "\" with " + chat.character().name()
                    + ". Keep the column you like best as the reply."));
            text.setLabel("Your message (empty sends \"...\")");
            text.setId("compare-message");
            showSaved();
        } else {
            if (chatId.isPresent()) {
                context.add(new Paragraph("That chat does not exist any more; compare on a prompt of your own."));
            }
            text.setLabel("Prompt: the exact text every column continues");
            text.setId("compare-prompt");
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        // A closed tab must not keep the model busy.
        if (running != null) {
            running.cancel();
        }
        super.onDetach(event);
    }

    private void addColumn() {
        if (columns.size() >= MAX_COLUMNS) {
            return;
        }
        int number = columns.size() + 1;
        Column column = new Column(number, new ColumnEditor(number, base,
                DEFAULT_PRESETS.get(columns.size() % DEFAULT_PRESETS.size()), services.randomSeeds().getAsLong()));
        columns.add(column);
        columnsRow.add(column);
        updateColumnButtons();
    }

    private void removeColumn() {
        if (columns.size() <= MIN_COLUMNS) {
            return;
        }
        columnsRow.remove(columns.removeLast());
        updateColumnButtons();
    }

    private void start() {
        int length = maxNewTokens.getValue() == null ? base.maxNewTokens() : maxNewTokens.getValue();
        if (length < Setting.MAX_NEW_TOKENS.min() || length > Setting.MAX_NEW_TOKENS.max()) {
            problem("max_new_tokens must be between 16 and 512.");
            return;
        }
        List<ComparisonRun.ColumnSpec> specs = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Optional<ComparisonRun.ColumnSpec> spec = columns.get(i).editor.column(length, i + 1, this::problem);
            if (spec.isEmpty()) {
                return;
            }
            specs.add(spec.get());
        }
        if (chat != null) {
            lastMessage = text.getValue();
            lastPrompt = compare.prompt(chat, lastMessage, length, base.historyTurns());
            lastStops = compare.stopStrings(chat, base.stopStrings());
        } else {
            if (text.getValue().isEmpty()) {
                problem("Write the prompt the columns continue.");
                return;
            }
            lastMessage = null;
            lastPrompt = text.getValue();
            lastStops = base.stopStrings();
        }
        results = null;
        shareBox.removeAll();
        columns.forEach(column -> column.output.clear());
        status.setText("Waiting for the model…");
        setRunning(true);
        running = ComparisonRun.start(services.queue(), engine, lastPrompt, specs, length, lastStops, this::onUiThread,
                new ComparisonRun.Listener() {
                    @Override
                    public void queuePosition(int ahead) {
                        status.setText(QueueStatus.text(ahead));
                    }

                    @Override
                    public void promptRead(int read, int total) {
                        status.setText(QueueStatus.reading(read, total));
                    }

                    @Override
                    public void token(int column, TokenEvent token) {
                        columns.get(column).output.addToken(token);
                    }

                    @Override
                    public void finished(List<ComparedColumn> done) {
                        showResults(done);
                    }

                    @Override
                    public void failed(String message) {
                        running = null;
                        setRunning(false);
                        status.setText("");
                        problem("The comparison failed: " + message);
                    }
                });
    }

    private void showResults(List<ComparedColumn> done) {
        running = null;
        results = done;
        for (int i = 0; i < done.size(); i++) {
            ColumnOutput output = columns.get(i).output;
            output.finish(done.get(i));
            output.showDivergence(done.getFirst(), done.get(i));
        }
        finishedRuns++;
        // Tells a watcher (the browser tests) that this run, not an earlier one, has ended.
        getElement().setAttribute("data-finished-runs", Integer.toString(finishedRuns));
        status.setText("Done.");
        setRunning(false);
    }

    /** Hands the stream to this tab; a closed tab has nothing left to show it to. */
    private void onUiThread(Runnable command) {
        try {
            ui.access(command::run);
        } catch (UIDetachedException closed) {
            if (running != null) {
                running.cancel();
            }
        }
    }

    private ComparisonSnapshot snapshot() {
        String title = chat == null ? "Comparison of " + results.size() + " sampling settings"
                : "Compared replies in \"" + chat.title() + "\"";
        return new ComparisonSnapshot(title, ModelIdentity.of(services.engine().model()), Instant.now(), lastPrompt,
                results.getFirst().settings().maxNewTokens(), lastStops, results);
    }

    private void keep(int column) {
        if (results == null || chat == null) {
            return;
        }
        compare.keep(chat, lastMessage, snapshot(), column);
        Notification.show("Column " + (column + 1) + " is now the chat's reply.", 3000,
                Notification.Position.BOTTOM_CENTER).setId("compare-kept-notification");
        ui.navigate(MainView.class);
    }

    private void shareComparison() {
        if (results == null) {
            return;
        }
        shareBox.removeAll();
        shareBox.add(new ShareLinkBox(shares.shareComparison(snapshot(), chat == null ? null : chat.chatId())));
    }

    private void showSaved() {
        saved.removeAll();
        List<ComparisonStore.SavedComparison> earlier = compare.savedComparisons(chat.chatId());
        if (earlier.isEmpty()) {
            return;
        }
        saved.add(new H4("Comparisons kept in this chat"));
        for (ComparisonStore.SavedComparison comparison : earlier) {
            List<ComparedColumn> kept = comparison.comparison().columns();
            Paragraph line = new Paragraph(comparison.createdAt().toLocalDateTime().withNano(0) + ": kept column "
                    + (comparison.keptColumn() + 1) + " (" + kept.get(comparison.keptColumn()).label() + ") of "
                    + kept.stream().map(ComparedColumn::label).toList());
            line.addClassName("galatea-hint");
            saved.add(line);
        }
    }

    private void setRunning(boolean generating) {
        run.setEnabled(!generating);
        stop.setEnabled(generating);
        share.setEnabled(!generating && results != null);
        columns.forEach(column -> column.keep.setEnabled(!generating && results != null && chat != null));
        columns.forEach(column -> column.keep.setVisible(chat != null));
        updateColumnButtons();
        if (generating) {
            addColumn.setEnabled(false);
            removeColumn.setEnabled(false);
        }
    }

    private void updateColumnButtons() {
        addColumn.setEnabled(running == null && columns.size() < MAX_COLUMNS);
        removeColumn.setEnabled(running == null && columns.size() > MIN_COLUMNS);
    }

    private void problem(String message) {
        Notification notification = Notification.show(message, 8000, Notification.Position.BOTTOM_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.setId("compare-problem");
    }

    /** One column: its settings above its output, and the button that keeps it as the chat's reply. */
    private final class Column extends VerticalLayout {
        private final ColumnEditor editor;
        private final ColumnOutput output;
        private final Button keep = new Button("Keep as reply");

        Column(int number, ColumnEditor editor) {
            this.editor = editor;
            this.output = new ColumnOutput(number - 1);
            setId("column-" + number);
            addClassName("galatea-compare-column");
            setPadding(false);
            keep.setId("column-" + number + "-keep");
            keep.addClickListener(event -> keep(number - 1));
            add(new H4("Column " + number), editor, output, keep);
        }
    }
}
