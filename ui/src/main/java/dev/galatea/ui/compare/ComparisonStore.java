package dev.galatea.ui.compare;

import dev.galatea.ui.share.ComparisonSnapshot;
import dev.galatea.ui.share.SnapshotJson;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Comparisons kept in a chat, in the {@code comparisons} table. */
@Repository
public class ComparisonStore {

    /** @param messageId the reply the kept column became; null once it was undone */
    public record SavedComparison(long id, long chatId, Long messageId, int keptColumn, ComparisonSnapshot comparison,
                                  OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;

    public ComparisonStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void save(long chatId, long messageId, int keptColumn, ComparisonSnapshot comparison) {
        jdbc.sql("""
                        INSERT INTO comparisons (chat_id, message_id, kept_column, comparison_json)
                        VALUES (:chat, :message, :kept, :json)""")
                .param("chat", chatId)
                .param("message", messageId)
                .param("kept", keptColumn)
                .param("json", SnapshotJson.write(comparison))
                .update();
    }

    /** Oldest first. */
    public List<SavedComparison> forChat(long chatId) {
        return jdbc.sql("SELECT * FROM comparisons WHERE chat_id = :chat ORDER BY id")
                .param("chat", chatId)
                .query((rs, row) -> new SavedComparison(rs.getLong("id"), rs.getLong("chat_id"),
                        rs.getObject("message_id", Long.class), rs.getInt("kept_column"),
                        (ComparisonSnapshot) SnapshotJson.read("comparison " + rs.getLong("id"),
                                rs.getString("comparison_json")),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }
}
