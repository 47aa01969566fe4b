package dev.galatea.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.galatea.ui.persistence.CharacterStore;
import dev.galatea.ui.persistence.ChatStore;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/** The saved characters and chats, to switch between them or delete them (after asking). */
final class LibraryPanel extends VerticalLayout {

    /** What the panel's buttons do. */
    record Actions(LongConsumer openCharacter, LongConsumer openChat, LongConsumer deleteCharacter,
                   LongConsumer deleteChat) {
    }

    private final CharacterStore characters;
    private final ChatStore chats;
    private final Actions actions;
    private final Div characterList = new Div();
    private final Div chatList = new Div();

    LibraryPanel(CharacterStore characters, ChatStore chats, Actions actions) {
        this.characters = characters;
        this.chats = chats;
        this.actions = actions;
        setId("library");
        setWidth("18em");
        setPadding(true);
        characterList.setId("character-list");
        characterList.setWidthFull();
        chatList.setId("chat-list");
        chatList.setWidthFull();
        add(new H3("Characters"), characterList, new H3("Chats"), chatList);
        refresh(null, null);
    }

    /** Lists everything again, marking the open character and chat. */
    void refresh(Long selectedCharacter, Long selectedChat) {
        List<ChatStore.ChatSummary> allChats = chats.list();
        Map<Long, Long> chatCounts = allChats.stream()
                .collect(Collectors.groupingBy(ChatStore.ChatSummary::characterId, Collectors.counting()));
        characterList.removeAll();
        for (CharacterStore.CharacterSummary summary : characters.list()) {
            long chatCount = chatCounts.getOrDefault(summary.id(), 0L);
            characterList.add(entry("character-" + summary.id(), summary.name(),
                    summary.id() == (selectedCharacter == null ? -1 : selectedCharacter),
                    () -> actions.openCharacter().accept(summary.id()),
                    "Delete the character \"" + summary.name() + "\"" + (chatCount == 0 ? ""
                            : " and its " + chatCount + (chatCount == 1 ? " chat" : " chats")) + "?",
                    () -> actions.deleteCharacter().accept(summary.id())));
        }
        chatList.removeAll();
        for (ChatStore.ChatSummary summary : allChats) {
            chatList.add(entry("chat-" + summary.id(), summary.title(),
                    summary.id() == (selectedChat == null ? -1 : selectedChat),
                    () -> actions.openChat().accept(summary.id()),
                    "Delete the chat \"" + summary.title() + "\"?",
                    () -> actions.deleteChat().accept(summary.id())));
        }
    }

    private static HorizontalLayout entry(String id, String text, boolean selected, Runnable open,
                                          String deleteQuestion, Runnable delete) {
        Button button = new Button(text, event -> open.run());
        button.setId(id);
        button.addClassName("galatea-library-entry");
        button.addThemeVariants(selected ? ButtonVariant.LUMO_PRIMARY : ButtonVariant.LUMO_TERTIARY);
        // A long title shrinks (the button cuts it with an ellipsis) rather than push the delete button off the panel.
        button.getStyle().set("flex", "1 1 0").set("min-width", "0");
        button.setTooltipText(text);
        Button remove = new Button("✕", event -> confirm(deleteQuestion, delete));
        remove.setId("delete-" + id);
        remove.setTooltipText("Delete");
        remove.setAriaLabel("Delete " + text);
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
        HorizontalLayout row = new HorizontalLayout(button, remove);
        row.setWidthFull();
        row.setSpacing(false);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        return row;
    }

    /** Deleting cannot be undone, so it asks first. */
    private static void confirm(String question, Runnable delete) {
        Dialog dialog = new Dialog();
        dialog.setId("confirm-delete");
        dialog.setHeaderTitle("Delete?");
        dialog.add(new Paragraph(question + " This cannot be undone."));
        Button cancel = new Button("Cancel", event -> dialog.close());
        cancel.setId("confirm-delete-cancel");
        Button confirm = new Button("Delete", event -> {
            dialog.close();
            delete.run();
        });
        confirm.setId("confirm-delete-ok");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        dialog.getFooter().add(cancel, confirm);
        dialog.open();
    }
}
