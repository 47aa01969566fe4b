package dev.galatea.ui.persistence;

import java.nio.file.Path;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Points the datasource at an H2 file database inside the data directory ({@code galatea.data-dir}), unless
 * {@code spring.datasource.url} names another database (a shared PostgreSQL, say). The URL is built from the
 * absolute path because H2 refuses paths that are implicitly relative to the working directory.
 */
@Component
final class DataDirectoryDatabase implements BeanPostProcessor {

    static final String DATABASE_NAME = "galatea";

    private final Environment environment;

    DataDirectoryDatabase(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSourceProperties properties && properties.getUrl() == null) {
            properties.setUrl(h2Url(environment));
            properties.setUsername("sa");
            properties.setPassword("");
        }
        return bean;
    }

    /** The database the app opens: {@code spring.datasource.url} when set, else the data directory's H2 file. */
    static String databaseUrl(Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        return url != null ? url : h2Url(environment);
    }

    private static String h2Url(Environment environment) {
        Path dataDir = Binder.get(environment).bind("galatea.data-dir", Path.class).orElse(Path.of("data"));
        // PostgreSQL mode keeps the migrations honest about the other database they must run on.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(DATABASE_NAME)
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }
}
