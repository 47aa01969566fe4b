package dev.galatea.ui.share;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** A new share link: its full address, selectable, and a button that copies it to the clipboard. */
public final class ShareLinkBox extends HorizontalLayout {

    public ShareLinkBox(ShareLink link) {
        String url = absoluteUrl(link);
        TextField address = new TextField("Share link");
        address.setId("share-url");
        address.setValue(url);
        address.setReadOnly(true);
        address.setWidth("34em");
        Button copy = new Button("Copy link", event -> {
            UI.getCurrent().getPage().executeJs("return navigator.clipboard.writeText($0)", url);
            Notification.show("Link copied.", 3000, Notification.Position.BOTTOM_CENTER);
        });
        copy.setId("share-copy");
        setAlignItems(FlexComponent.Alignment.BASELINE);
        add(address, copy);
    }

    /** The link as the author's browser reached this server, so it works when pasted elsewhere. */
    static String absoluteUrl(ShareLink link) {
        if (VaadinRequest.getCurrent() instanceof VaadinServletRequest request) {
            return ServletUriComponentsBuilder.fromContextPath(request.getHttpServletRequest()).path(link.path())
                    .toUriString();
        }
        return link.path();
    }
}
