package dev.galatea.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import java.util.function.LongConsumer;

/** The saved characters and chats, to switch between them. */
final class LibraryPanel extends VerticalLayout {

    private final CharacterStore characters;
    private final ChatStore chats;
    private final LongConsumer openCharacter;
    private final LongConsumer openChat;
    private final Div characterList = new Div();
    private final Div chatList = new Div();

    LibraryPanel(CharacterStore characters, ChatStore chats, LongConsumer openCharacter, LongConsumer openChat) {
        this.characters = characters;
        this.chats = chats;
        this.openCharacter = openCharacter;
        this.openChat = openChat;
        setId("library");
        setWidth("18em");
        setPadding(true);
        characterList.setId("character-list");
        chatList.setId("chat-list");
        add(new H3("Characters"), characterList, new H3("Chats"), chatList);
        refresh(null, null);
    }

    /** Lists everything again, marking the open character and chat. */
    void refresh(Long selectedCharacter, Long selectedChat) {
        characterList.removeAll();
        for (CharacterStore.CharacterSummary summary : characters.list()) {
            Button button = entry("character-" + summary.id(), summary.name(),
                    summary.id() == (selectedCharacter == null ? -1 : selectedCharacter));
            button.addClickListener(event -> openCharacter.accept(summary.id()));
            characterList.add(button);
        }
        chatList.removeAll();
        for (ChatStore.ChatSummary summary : chats.list()) {
            Button button = entry("chat-" + summary.id(), summary.title(),
                    summary.id() == (selectedChat == null ? -1 : selectedChat));
            button.addClickListener(event -> openChat.accept(summary.id()));
            chatList.add(button);
        }
    }

    private static Button entry(String id, String text, boolean selected) {
        Button button = new Button(text);
        button.setId(id);
        button.addClassName("galatea-library-entry");
        button.addThemeVariants(selected ? ButtonVariant.LUMO_PRIMARY : ButtonVariant.LUMO_TERTIARY);
        button.setWidthFull();
        return button;
    }
}
