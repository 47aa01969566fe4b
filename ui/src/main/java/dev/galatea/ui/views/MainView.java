package dev.galatea.ui.views;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.galatea.ui.generation.ReplyEngine;

/** The playground: the model header above the character, chat and generation settings tabs. */
@Route("")
@PageTitle("Galatea")
public class MainView extends VerticalLayout {

    public MainView(ReplyEngine engine) {
        setSizeFull();
        setPadding(false);
        ModelHeader header = new ModelHeader(engine.model());
        TabSheet tabs = new TabSheet();
        tabs.setId("tabs");
        tabs.setSizeFull();
        add(header, tabs);
        setFlexGrow(1, tabs);
    }
}
