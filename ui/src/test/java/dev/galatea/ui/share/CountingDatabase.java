package dev.galatea.ui.share;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An H2 database with the app's migrations, in the PostgreSQL mode the app uses, that counts the connections taken
 * from it. Outside a transaction JdbcClient takes one connection per statement, so the count is the number of queries.
 */
final class CountingDatabase extends DelegatingDataSource {

    private final AtomicInteger connections = new AtomicInteger();

    private CountingDatabase(DataSource target) {
        super(target);
    }

    /** @param location an H2 location: {@code mem:name} or {@code file:/path} */
    static CountingDatabase migrated(String location) {
        DataSource h2 = new DriverManagerDataSource("jdbc:h2:" + location
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        return new CountingDatabase(h2);
    }

    JdbcClient jdbc() {
        return JdbcClient.create(this);
    }

    int connectionsTaken() {
        return connections.get();
    }

    /** Closes the database, as stopping the app does. */
    void shutdown() {
        jdbc().sql("SHUTDOWN").update();
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections.incrementAndGet();
        return super.getConnection();
    }
}
