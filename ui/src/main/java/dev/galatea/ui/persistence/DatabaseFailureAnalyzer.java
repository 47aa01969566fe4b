package dev.galatea.ui.persistence;

import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/** Turns a database that cannot be opened or migrated into one clear line at start, instead of a stack trace. */
public final class DatabaseFailureAnalyzer implements FailureAnalyzer {

    private final Environment environment;

    public DatabaseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        Throwable database = databaseCause(failure);
        if (database == null) {
            return null;
        }
        String url = DataDirectoryDatabase.databaseUrl(environment);
        String reason = firstLine(deepestMessage(database));
        return new FailureAnalysis(
                "Galatea cannot open its database " + url + ": " + reason,
                "Check that the data directory (--data DIR, default ./data) is writable and not used by another "
                        + "Galatea process, or move a damaged galatea.mv.db aside to start with an empty database.",
                database);
    }

    private static Throwable databaseCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof FlywayException) {
                return t;
            }
        }
        return null;
    }

    /** The innermost SQL message, which names the file, plus the root cause when it says more (file corrupted...). */
    private static String deepestMessage(Throwable failure) {
        String message = failure.getMessage();
        Throwable root = failure;
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                message = t.getMessage();
            }
            root = t;
        }
        if (message == null) {
            message = failure.getClass().getSimpleName();
        }
        String rootMessage = root.getMessage();
        if (root != failure && rootMessage != null && !message.contains(firstLine(rootMessage))) {
            message = firstLine(message) + " (" + firstLine(rootMessage) + ")";
        }
        return message;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
