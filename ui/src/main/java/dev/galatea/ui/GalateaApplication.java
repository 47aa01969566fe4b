package dev.galatea.ui;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The playground web app. {@code ./galatea serve} runs it with the launcher's own flags. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GalateaApplication {

    public static void main(String[] args) {
        String[] springArgs;
        try {
            springArgs = LauncherArguments.toSpringArguments(args);
        } catch (IllegalArgumentException e) {
            System.err.println("galatea serve: " + e.getMessage());
            System.exit(2);
            return;
        }
        SpringApplication.run(GalateaApplication.class, springArgs);
    }
}
