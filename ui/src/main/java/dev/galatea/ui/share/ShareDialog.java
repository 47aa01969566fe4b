package dev.galatea.ui.share;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Shares the open chat: makes a new link at once and shows it with a copy button, then lists the chat's links that
 * still work, each of which its author can revoke.
 */
public final class ShareDialog extends Dialog {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ShareService shares;
    private final long chatId;
    private final Div links = new Div();

    private ShareDialog(ShareService shares, long chatId, ShareLink created) {
        this.shares = shares;
        this.chatId = chatId;
        setId("share-dialog");
        setHeaderTitle("Share this chat");
        Paragraph explanation = new Paragraph("Anyone with the link sees this chat as it is now, read-only, "
                + "with each reply's settings and seed. Later changes to the chat do not reach the link.");
        links.setId("share-links");
        Button close = new Button("Close", event -> close());
        close.setId("share-close");
        getFooter().add(close);
        add(explanation, new ShareLinkBox(created), new H4("Links to this chat"), links);
        refresh();
    }

    /** Makes a link to the chat as it is now and opens the dialog that shows it. */
    public static ShareDialog shareChat(ShareService shares, long chatId) {
        ShareDialog dialog = new ShareDialog(shares, chatId, shares.shareChat(chatId));
        dialog.open();
        return dialog;
    }

    /** The chat's "Share" button; it asks for a chat first when none is open. */
    public static Button shareButton(ShareService shares, Supplier<Optional<Long>> openChat) {
        Button share = new Button("Share", event -> openChat.get().ifPresentOrElse(
                chatId -> shareChat(shares, chatId),
                () -> Notification.show("Start a chat first; then share it.", 3000, Notification.Position.BOTTOM_CENTER)));
        share.setId("share-chat");
        return share;
    }

    private void refresh() {
        links.removeAll();
        List<ShareLink> active = shares.linksOf(chatId);
        for (ShareLink link : active) {
            Anchor open = new Anchor(link.path(), link.createdAt().format(WHEN) + " · " + link.path());
            open.setTarget(AnchorTarget.BLANK);
            open.addClassName("galatea-share-link");
            Button revoke = new Button("Revoke", event -> {
                shares.revoke(link.id());
                refresh();
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            revoke.setId("revoke-" + link.id());
            HorizontalLayout row = new HorizontalLayout(open, revoke);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            row.getElement().setAttribute("data-link", link.id());
            links.add(row);
        }
        if (active.isEmpty()) {
            links.add(new Paragraph("No link to this chat works any more."));
        }
    }
}
