package dev.galatea.ui.share;

import com.vaadin.flow.router.NotFoundException;

/** A share link that does not exist, was revoked, or is not even a well-formed id: all look alike to the visitor. */
public final class ShareNotFoundException extends NotFoundException {

    public ShareNotFoundException() {
        super("This shared session does not exist or was revoked by its author.");
    }
}
