package dev.galatea.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.Theme;

/** Page-wide settings: server push for streamed replies, and the Galatea theme from {@code frontend/themes}. */
@Push
@Theme("galatea")
public class AppShell implements AppShellConfigurator {
}
