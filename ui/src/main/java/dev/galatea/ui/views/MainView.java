package dev.galatea.ui.views;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.galatea.chat.ChatException;
import dev.galatea.chat.character.Character;
import dev.galatea.ui.chat.ChatServices;
import dev.galatea.ui.chat.ChatSession;
import dev.galatea.ui.compare.CompareView;
import dev.galatea.ui.persistence.PresetStore;
import dev.galatea.ui.share.ShareDialog;
import dev.galatea.ui.share.ShareService;

/**
 * The playground: the model header, the saved characters and chats on the left, and the Character, Chat,
 * Generation and Prompt tabs. Each browser tab has its own {@link ChatSession}; closing the tab stops its reply.
 */
@Route("")
@PageTitle("Galatea")
public class MainView extends VerticalLayout {

    private final ModelHeader header;
    private final CharacterForm characterForm;
    private final SettingsForm settingsForm;
    private final PromptInspector inspector = new PromptInspector();
    private final ChatPanel chat;
    private final LibraryPanel library;
    private final TabSheet tabs = new TabSheet();
    private final Tab characterTab;
    private final Tab chatTab;
    private final Tab promptTab;

    public MainView(ChatServices services, PresetStore presets, ShareService shares) {
        setSizeFull();
        setPadding(false);
        setSpacing(false);
        header = new ModelHeader(services.engine().model());
        characterForm = new CharacterForm(this::saveCharacter, this::newCharacter);
        settingsForm = new SettingsForm(presets, services.userSettings());
        chat = new ChatPanel(services, UI.getCurrent(), characterForm::persona, settingsForm::currentOrNotify,
                this::chatChanged, header::showTokensPerSecond);
        chat.addActions(ShareDialog.shareButton(shares, () -> chat.session().chatId()),
                CompareView.compareButton(() -> chat.session().chatId()));
        library = new LibraryPanel(services.characters(), services.chats(), new LibraryPanel.Actions(
                this::openCharacter, this::openChat, this::deleteCharacter, this::deleteChat));

        tabs.setId("tabs");
        tabs.setSizeFull();
        characterTab = tabs.add("Character", characterForm);
        characterTab.setId("tab-character");
        chatTab = tabs.add("Chat", chat);
        chatTab.setId("tab-chat");
        Tab generationTab = tabs.add("Generation", settingsForm);
        generationTab.setId("tab-generation");
        promptTab = tabs.add("Prompt", inspector);
        promptTab.setId("tab-prompt");
        tabs.addSelectedChangeListener(event -> {
            if (event.getSelectedTab() == promptTab) {
                refreshInspector();
            }
        });

        HorizontalLayout body = new HorizontalLayout(library, tabs);
        body.setSizeFull();
        body.setFlexGrow(1, tabs);
        add(header, body);
        setFlexGrow(1, body);

        if (chat.session().openLast()) {
            showOpenChat();
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        // A closed or reloaded tab must not keep the model busy.
        chat.session().stop();
        super.onDetach(event);
    }

    private void saveCharacter(Character character) {
        try {
            chat.session().saveCharacter(character);
        } catch (ChatException e) {
            Notices.error(e.getMessage());
            return;
        }
        Notices.info("Saved " + character.name() + ".");
        refreshLibrary();
    }

    private void newCharacter() {
        if (refuseWhileGenerating()) {
            return;
        }
        chat.session().newCharacter();
        chat.showMessages();
        refreshLibrary();
    }

    private void openCharacter(long id) {
        if (refuseWhileGenerating()) {
            return;
        }
        chat.session().selectCharacter(id);
        chat.session().character().ifPresent(characterForm::show);
        chat.showMessages();
        tabs.setSelectedTab(characterTab);
        refreshLibrary();
    }

    private void openChat(long id) {
        if (refuseWhileGenerating()) {
            return;
        }
        chat.session().open(id);
        showOpenChat();
        tabs.setSelectedTab(chatTab);
    }

    private void deleteCharacter(long id) {
        if (refuseWhileGenerating()) {
            return;
        }
        boolean open = chat.session().characterId().filter(selected -> selected == id).isPresent();
        chat.session().deleteCharacter(id);
        if (open) {
            characterForm.clear();
            chat.showMessages();
        }
        refreshLibrary();
    }

    private void deleteChat(long id) {
        if (refuseWhileGenerating()) {
            return;
        }
        chat.session().deleteChat(id);
        chat.showMessages();
        refreshLibrary();
    }

    private void showOpenChat() {
        ChatSession session = chat.session();
        session.character().ifPresent(characterForm::show);
        characterForm.setUserName(session.userName());
        chat.showMessages();
        tabs.setSelectedTab(chatTab);
        refreshLibrary();
    }

    private void chatChanged() {
        refreshLibrary();
        if (tabs.getSelectedTab() == promptTab) {
            refreshInspector();
        }
    }

    private void refreshLibrary() {
        library.refresh(chat.session().characterId().orElse(null), chat.session().chatId().orElse(null));
    }

    private void refreshInspector() {
        var persona = characterForm.personaQuietly();
        var settings = settingsForm.current();
        if (persona.isEmpty()) {
            inspector.showProblem("Give the character a name to see its prompt.");
            return;
        }
        if (settings.isEmpty()) {
            inspector.showProblem("Fix the generation settings to see the prompt.");
            return;
        }
        try {
            inspector.show(chat.session().preview(persona.get(), chat.draft(), settings.get()));
        } catch (ChatException e) {
            inspector.showProblem(e.getMessage());
        }
    }

    private boolean refuseWhileGenerating() {
        if (chat.session().isGenerating()) {
            Notices.info("Stop the reply being generated first.");
            return true;
        }
        return false;
    }
}
