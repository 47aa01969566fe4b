package dev.galatea.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.galatea.chat.ChatException;
import dev.galatea.chat.character.Avatar;
import dev.galatea.chat.character.Character;
import dev.galatea.chat.character.CharacterCards;
import dev.galatea.ui.chat.ChatSession;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Character tab: the Pygmalion UI's fields, save and load of the Pygmalion character file, import of TavernAI
 * V1/V2 JSON and PNG cards (the image becomes the avatar), and export as a V2 card: JSON, or a PNG card of the avatar
 * when the character has one.
 */
final class CharacterForm extends VerticalLayout {

    private final TextField name = new TextField("Character name");
    private final TextField userName = new TextField("Your name");
    private final TextArea persona = new TextArea("Persona");
    private final TextArea greeting = new TextArea("Greeting");
    private final TextArea scenario = new TextArea("Scenario");
    private final TextArea exampleChat = new TextArea("Example chat");
    private final Div avatarBox = new Div();
    private final Anchor pngCard = DownloadLink.create("export-png", "Export PNG card",
            () -> character().filter(c -> c.avatarIfPresent().isPresent()).map(c -> new DownloadLink.File(
                    c.name() + ".card.png", "image/png", CharacterCards.toPngCard(c))));
    private final Runnable onNew;
    private Avatar avatar;

    /**
     * @param onSave   saves the form's character and tells where it went
     * @param onNew    forgets the selected character so the next save makes a new one
     */
    CharacterForm(Consumer<Character> onSave, Runnable onNew) {
        this.onNew = onNew;
        setId("character-form");
        setPadding(false);
        name.setId("char-name");
        name.setPlaceholder("Aqua");
        name.setRequiredIndicatorVisible(true);
        userName.setId("user-name");
        userName.setPlaceholder("You");
        userName.setHelperText("Replaces {{user}} and <USER> in the character's texts; empty means \"You\".");
        persona.setId("persona");
        persona.setHelperText("Who the character is: traits, looks, manner of speech.");
        greeting.setId("greeting");
        greeting.setHelperText("The character's first message in a new chat.");
        scenario.setId("scenario");
        exampleChat.setId("example-chat");
        exampleChat.setHelperText("Lines like \"You: ...\" and \"Aqua: ...\", separated by <START>.");
        for (TextArea area : new TextArea[] {persona, greeting, scenario, exampleChat}) {
            area.setWidthFull();
            area.setMinHeight("5em");
        }
        avatarBox.setId("avatar-box");

        HorizontalLayout names = new HorizontalLayout(avatarBox, name, userName);
        names.setAlignItems(FlexComponent.Alignment.END);

        Button save = new Button("Save character", event -> character().ifPresent(onSave));
        save.setId("save-character");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button fresh = new Button("New character", event -> {
            clear();
            onNew.run();
        });
        fresh.setId("new-character");

        Upload importCard = BoundedUpload.create("import-card", "Import character…", "Character cards",
                CharacterCards.MAX_CARD_BYTES, ".json,.png,application/json,image/png", this::importCard);
        Anchor pygmalion = DownloadLink.create("export-pygmalion", "Save Pygmalion JSON",
                () -> character().map(c -> new DownloadLink.File(c.name() + ".json", "application/json",
                        CharacterCards.toPygmalionJson(c))));
        Anchor v2 = DownloadLink.create("export-v2", "Export V2 card",
                () -> character().map(c -> new DownloadLink.File(c.name() + ".card.json", "application/json",
                        CharacterCards.toV2Json(c))));
        HorizontalLayout actions = new HorizontalLayout(save, fresh, importCard, pygmalion, v2, pngCard);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        actions.getStyle().set("flex-wrap", "wrap");

        Paragraph formats = new Paragraph("Import reads Pygmalion character JSON, TavernAI / SillyTavern V1 and V2 "
                + "JSON cards, and PNG cards (up to 5 MB).");
        formats.addClassName("galatea-hint");
        add(names, persona, greeting, scenario, exampleChat, actions, formats);
        showAvatar(null);
    }

    /** The form as a character, or empty with a notice naming what is wrong. */
    Optional<Character> character() {
        try {
            return Optional.of(new Character(name.getValue(), persona.getValue(), greeting.getValue(),
                    scenario.getValue(), exampleChat.getValue(), avatar));
        } catch (ChatException e) {
            name.setInvalid(true);
            name.setErrorMessage(e.getMessage());
            Notices.error(e.getMessage());
            return Optional.empty();
        }
    }

    Optional<ChatSession.Persona> persona() {
        return character().map(c -> new ChatSession.Persona(c, userName.getValue()));
    }

    /** The form as a persona, without telling the user when it is incomplete (for previews). */
    Optional<ChatSession.Persona> personaQuietly() {
        try {
            return Optional.of(new ChatSession.Persona(new Character(name.getValue(), persona.getValue(),
                    greeting.getValue(), scenario.getValue(), exampleChat.getValue(), avatar), userName.getValue()));
        } catch (ChatException e) {
            return Optional.empty();
        }
    }

    String userName() {
        return userName.getValue();
    }

    void setUserName(String value) {
        userName.setValue(value == null ? "" : value);
    }

    void show(Character character) {
        name.setInvalid(false);
        name.setValue(character.name());
        persona.setValue(character.persona());
        greeting.setValue(character.greeting());
        scenario.setValue(character.scenario());
        exampleChat.setValue(character.exampleDialogue());
        showAvatar(character.avatarIfPresent().orElse(null));
    }

    void clear() {
        name.clear();
        name.setInvalid(false);
        persona.clear();
        greeting.clear();
        scenario.clear();
        exampleChat.clear();
        showAvatar(null);
    }

    private void importCard(String fileName, byte[] bytes) {
        Character card;
        try {
            card = CharacterCards.read(fileName, bytes);
        } catch (ChatException e) {
            Notices.error(e.getMessage());
            return;
        }
        // An imported card is a new character: saving it must not overwrite the one that was open.
        onNew.run();
        show(card);
        Notices.info("Imported " + card.name() + " from " + fileName + ". Save it to keep it.");
    }

    private void showAvatar(Avatar newAvatar) {
        avatar = newAvatar;
        // A PNG card is the avatar with the card inside: without an avatar there is nothing to carry it.
        pngCard.setEnabled(newAvatar != null);
        pngCard.setTitle(newAvatar != null ? "The avatar with the V2 card inside"
                : "Needs an avatar: import a PNG card to get one");
        avatarBox.removeAll();
        if (newAvatar != null) {
            byte[] png = newAvatar.png();
            Image image = new Image(DownloadHandler.fromInputStream(event -> new DownloadResponse(
                    new ByteArrayInputStream(png), "avatar.png", "image/png", png.length)), "Character avatar");
            image.setId("avatar");
            image.addClassName("galatea-avatar");
            avatarBox.add(image);
        }
    }
}
