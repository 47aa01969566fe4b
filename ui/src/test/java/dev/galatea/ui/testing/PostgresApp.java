package dev.galatea.ui.testing;

import dev.galatea.ui.GalateaApplication;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the app on a new, empty PostgreSQL database, created through GALATEA_TEST_POSTGRES_URL (a JDBC URL of a
 * database the test may create others from; .ci/run starts a throwaway server and sets it).
 */
public final class PostgresApp {
    public static final String URL_VARIABLE = "GALATEA_TEST_POSTGRES_URL";

    private PostgresApp() {}

    public static ConfigurableApplicationContext start(Path dataDir) throws SQLException {
        String adminUrl = System.getenv(URL_VARIABLE);
        String database = "galatea_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        return new SpringApplicationBuilder(GalateaApplication.class)
                .run("--galatea.data-dir=" + dataDir, "--server.port=0", "--spring.datasource.url=" + url);
    }
}
