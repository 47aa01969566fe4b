package dev.galatea.ui.share;

import com.vaadin.flow.server.BootstrapInitialPredicate;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How share pages are served: their headers, and a real HTTP 404 for links that do not exist. */
@Configuration(proxyBeanMethods = false)
class ShareWebConfiguration {

    @Bean
    FilterRegistrationBean<ShareFramingFilter> shareFramingFilter() {
        FilterRegistrationBean<ShareFramingFilter> registration = new FilterRegistrationBean<>(new ShareFramingFilter());
        registration.addUrlPatterns(ShareFramingFilter.PATTERN);
        return registration;
    }

    /**
     * Renders share pages on the server within the first request ("eager server load"), so that the not-found view's
     * 404 becomes the page's HTTP status. Without it Vaadin answers 200 with an empty page and navigates afterwards.
     */
    @Bean
    VaadinServiceInitListener shareEagerServerLoad() {
        return (ServiceInitEvent event) -> {
            BootstrapInitialPredicate others = event.getSource().getBootstrapInitialPredicate();
            event.getSource().setBootstrapInitialPredicate(request -> {
                String path = request.getPathInfo();
                return (path != null && path.startsWith("/s/")) || others.includeInitialUidl(request);
            });
        };
    }
}
