package dev.galatea.ui.share;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import jakarta.servlet.http.HttpServletResponse;

/** What a visitor sees for a share link that is unknown, revoked or mistyped, with HTTP status 404. */
@PageTitle("Shared session not found · Galatea")
public class ShareNotFoundView extends VerticalLayout implements HasErrorParameter<ShareNotFoundException> {

    public ShareNotFoundView() {
        setId("share-not-found");
        H2 title = new H2("This shared session is not here");
        Paragraph reason = new Paragraph("The link may be mistyped, or its author may have revoked it. "
                + "Shared sessions cannot be listed or searched, so ask the person who sent it for a new link.");
        reason.setId("share-not-found-reason");
        Anchor home = new Anchor("/", "Open your own Galatea playground");
        home.setId("share-not-found-home");
        add(title, reason, home);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<ShareNotFoundException> parameter) {
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
