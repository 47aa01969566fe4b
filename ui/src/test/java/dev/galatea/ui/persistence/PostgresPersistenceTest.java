package dev.galatea.ui.persistence;

import dev.galatea.ui.GalateaApplication;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same migrations and stores on PostgreSQL, for deployments where several app instances share one database.
 * Runs when GALATEA_TEST_POSTGRES_URL names an empty database the test may wipe
 * (e.g. {@code jdbc:postgresql://127.0.0.1:5432/galatea_test?user=galatea}).
 */
@EnabledIfEnvironmentVariable(named = "GALATEA_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresPersistenceTest extends PersistenceRestartTest {

    private static final String URL = System.getenv("GALATEA_TEST_POSTGRES_URL");

    @BeforeEach
    void emptyDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL); Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA public CASCADE");
            sql.execute("CREATE SCHEMA public");
        }
    }

    @Override
    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(GalateaApplication.class)
                .run("--galatea.data-dir=" + dataDir, "--server.port=0", "--spring.datasource.url=" + URL);
    }
}
