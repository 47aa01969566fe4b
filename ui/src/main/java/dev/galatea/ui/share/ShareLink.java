package dev.galatea.ui.share;

import java.time.OffsetDateTime;

/** A share link as its author sees it in the list of links of a chat. */
public record ShareLink(String id, String kind, String title, OffsetDateTime createdAt) {

    /** The path the link opens, {@code /s/{id}}. */
    public String path() {
        return "/s/" + id;
    }
}
