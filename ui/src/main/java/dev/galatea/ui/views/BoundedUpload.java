package dev.galatea.ui.views;

import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * An upload button that accepts files up to a size, read into memory and handed over on the UI thread. Both the
 * browser and the server enforce the limit, so an oversized file is refused with a clear notice either way.
 */
final class BoundedUpload {

    private BoundedUpload() {
    }

    /**
     * @param what     how the notice names the file kind, e.g. "Character cards"
     * @param receiver gets the file name and its bytes, on the UI thread
     */
    static Upload create(String id, String buttonText, String what, int maxBytes, String accept,
                         BiConsumer<String, byte[]> receiver) {
        String tooLarge = what + " are limited to " + (maxBytes / (1024 * 1024)) + " MB";
        Upload upload = new Upload((UploadHandler) event -> receive(event, maxBytes, tooLarge, receiver));
        upload.setId(id);
        upload.setMaxFileSize(maxBytes);
        upload.setMaxFiles(1);
        upload.setAcceptedFileTypes(accept.split(","));
        upload.setUploadButton(new com.vaadin.flow.component.button.Button(buttonText));
        upload.setDropAllowed(true);
        // The browser refuses a file that is too large or of another type before sending it.
        upload.addFileRejectedListener(event -> Notices.error(event.getFileName() + ": "
                + (event.getErrorMessage().toLowerCase(Locale.ROOT).contains("too big") ? tooLarge
                        : "only " + accept.replace(",", ", ") + " files are accepted") + "."));
        upload.addAllFinishedListener(event -> upload.clearFileList());
        return upload;
    }

    private static void receive(UploadEvent event, int maxBytes, String tooLarge, BiConsumer<String, byte[]> receiver)
            throws IOException {
        byte[] data;
        try (InputStream in = event.getInputStream()) {
            data = in.readNBytes(maxBytes + 1);
        }
        String name = event.getFileName();
        event.getUI().access(() -> {
            if (data.length > maxBytes) {
                Notices.error(name + ": " + tooLarge + ".");
            } else {
                receiver.accept(name, data);
            }
        });
    }
}
