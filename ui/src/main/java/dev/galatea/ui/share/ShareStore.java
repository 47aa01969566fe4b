package dev.galatea.ui.share;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Share links and their snapshots, in the {@code share_links} table. Ids reach it already checked. */
@Repository
public class ShareStore {

    private final JdbcClient jdbc;

    public ShareStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param sourceChatId the chat the snapshot was taken from, or null */
    @Transactional
    public ShareLink insert(String id, Snapshot snapshot, Long sourceChatId) {
        String json = SnapshotJson.write(snapshot);
        jdbc.sql("""
                        INSERT INTO share_links (id, kind, title, source_chat_id, model_name, model_fingerprint,
                            snapshot_json)
                        VALUES (:id, :kind, :title, :chat, :model, :fingerprint, :json)""")
                .param("id", id)
                .param("kind", SnapshotJson.kind(snapshot))
                .param("title", snapshot.title())
                .param("chat", sourceChatId)
                .param("model", snapshot.model().name())
                .param("fingerprint", snapshot.model().fingerprint())
                .param("json", json)
                .update();
        return find(id).orElseThrow();
    }

    /** The snapshot behind a link that was not revoked. */
    public Optional<Snapshot> snapshot(String id) {
        return jdbc.sql("SELECT snapshot_json FROM share_links WHERE id = :id AND revoked_at IS NULL")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(json -> SnapshotJson.read("shared link " + id, json));
    }

    /** The links of a chat that still work, newest first. */
    public List<ShareLink> activeForChat(long chatId) {
        return jdbc.sql(LINK_SELECT + " WHERE source_chat_id = :chat AND revoked_at IS NULL ORDER BY created_at DESC, id")
                .param("chat", chatId)
                .query(ShareStore::link)
                .list();
    }

    /** Revokes a link for good. False when there was no such link, or it was already revoked. */
    @Transactional
    public boolean revoke(String id) {
        return jdbc.sql("UPDATE share_links SET revoked_at = CURRENT_TIMESTAMP WHERE id = :id AND revoked_at IS NULL")
                .param("id", id)
                .update() == 1;
    }

    private Optional<ShareLink> find(String id) {
        return jdbc.sql(LINK_SELECT + " WHERE id = :id").param("id", id).query(ShareStore::link).optional();
    }

    private static final String LINK_SELECT = "SELECT id, kind, title, created_at FROM share_links";

    private static ShareLink link(ResultSet rs, int row) throws SQLException {
        return new ShareLink(rs.getString("id"), rs.getString("kind"), rs.getString("title"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
