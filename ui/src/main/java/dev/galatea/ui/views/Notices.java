package dev.galatea.ui.views;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short messages to the user, in the same place and style everywhere. */
final class Notices {

    private Notices() {
    }

    static void error(String message) {
        Notification notification = Notification.show(message, 8000, Notification.Position.BOTTOM_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.setId("error-notification");
    }

    static void info(String message) {
        Notification notification = Notification.show(message, 3000, Notification.Position.BOTTOM_CENTER);
        notification.setId("info-notification");
    }
}
