package dev.galatea.ui.views;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** A download link whose file is made when it is clicked, from the page's state at that moment. */
final class DownloadLink {

    record File(String fileName, String contentType, byte[] bytes) {
    }

    private DownloadLink() {
    }

    /** @param file made under the UI's lock, since it reads the view; empty when there is nothing to download */
    static Anchor create(String id, String text, Supplier<Optional<File>> file) {
        Anchor anchor = new Anchor(DownloadHandler.fromInputStream(event -> {
            AtomicReference<File> made = new AtomicReference<>();
            event.getUI().accessSynchronously(() -> made.set(file.get().orElse(null)));
            File result = made.get();
            if (result == null) {
                return DownloadResponse.error(404, "nothing to download");
            }
            return new DownloadResponse(new ByteArrayInputStream(result.bytes()), result.fileName(),
                    result.contentType(), result.bytes().length);
        }), text);
        anchor.setId(id);
        return anchor;
    }
}
