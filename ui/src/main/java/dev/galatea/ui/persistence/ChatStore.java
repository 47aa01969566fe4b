package dev.galatea.ui.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.chat.prompt.ChatMessage;
import dev.galatea.chat.prompt.Speaker;
import dev.galatea.chat.settings.SettingsJson;
import dev.galatea.ui.generation.TokenEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Saved chats and every one of their messages, in order. */
@Repository
public class ChatStore {

    /** @param userName empty means "You" */
    public record ChatSummary(long id, long characterId, String characterName, String title, String userName,
                              OffsetDateTime updatedAt) {
    }

    private static final TypeReference<List<TokenEvent>> TOKEN_LIST = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public ChatStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional
    public long create(long characterId, String title, String userName) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO chats (character_id, title, user_name) VALUES (:character, :title, :user)")
                .param("character", characterId)
                .param("title", title)
                .param("user", userName)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    public Optional<ChatSummary> find(long chatId) {
        return jdbc.sql(SUMMARY_SELECT + " WHERE c.id = :id").param("id", chatId).query(ChatStore::summary).optional();
    }

    /** Most recently active first. */
    public List<ChatSummary> list() {
        return jdbc.sql(SUMMARY_SELECT + " ORDER BY c.updated_at DESC, c.id DESC").query(ChatStore::summary).list();
    }

    public List<StoredMessage> messages(long chatId) {
        return jdbc.sql("SELECT * FROM messages WHERE chat_id = :chat ORDER BY ordinal")
                .param("chat", chatId)
                .query(this::message)
                .list();
    }

    /** Adds a message at the end of the chat. */
    @Transactional
    public StoredMessage append(long chatId, ChatMessage message, ReplyProvenance provenance) {
        int ordinal = jdbc.sql("SELECT COALESCE(MAX(ordinal) + 1, 0) FROM messages WHERE chat_id = :chat")
                .param("chat", chatId)
                .query(Integer.class)
                .single();
        Map<String, Object> params = new HashMap<>();
        params.put("chat", chatId);
        params.put("ordinal", ordinal);
        params.put("author", author(message.speaker()));
        params.put("body", message.text());
        params.put("settings", provenance == null ? null
                : SettingsJson.write(provenance.settings().withSeed(provenance.seed())));
        params.put("seed", provenance == null ? null : provenance.seed());
        params.put("finish", provenance == null ? null : provenance.finishReason());
        params.put("tokens", provenance == null ? null : write(provenance.tokens()));
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO messages (chat_id, ordinal, author, body, settings_json, seed, finish_reason, tokens_json)
                        VALUES (:chat, :ordinal, :author, :body, :settings, :seed, :finish, :tokens)""")
                .params(params)
                .update(keys, "id");
        touch(chatId);
        return new StoredMessage(keys.getKeyAs(Long.class), ordinal, message, provenance);
    }

    /** Removes the messages from {@code ordinal} on: undo and regenerate. */
    @Transactional
    public void truncate(long chatId, int ordinal) {
        jdbc.sql("DELETE FROM messages WHERE chat_id = :chat AND ordinal >= :ordinal")
                .param("chat", chatId)
                .param("ordinal", ordinal)
                .update();
        touch(chatId);
    }

    /** Replaces the whole conversation, as loading a chat log does. */
    @Transactional
    public List<StoredMessage> replaceMessages(long chatId, List<ChatMessage> messages) {
        truncate(chatId, 0);
        return messages.stream().map(message -> append(chatId, message, null)).toList();
    }

    @Transactional
    public void rename(long chatId, String title) {
        jdbc.sql("UPDATE chats SET title = :title WHERE id = :id").param("title", title).param("id", chatId).update();
    }

    @Transactional
    public void setUserName(long chatId, String userName) {
        jdbc.sql("UPDATE chats SET user_name = :user WHERE id = :id").param("user", userName).param("id", chatId).update();
    }

    @Transactional
    public void delete(long chatId) {
        jdbc.sql("DELETE FROM chats WHERE id = :id").param("id", chatId).update();
    }

    private void touch(long chatId) {
        jdbc.sql("UPDATE chats SET updated_at = CURRENT_TIMESTAMP WHERE id = :id").param("id", chatId).update();
    }

    private static final String SUMMARY_SELECT = """
            SELECT c.id, c.character_id, ch.name AS character_name, c.title, c.user_name, c.updated_at
            FROM chats c JOIN characters ch ON ch.id = c.character_id""";

    private static ChatSummary summary(ResultSet rs, int row) throws SQLException {
        return new ChatSummary(rs.getLong("id"), rs.getLong("character_id"), rs.getString("character_name"),
                rs.getString("title"), rs.getString("user_name"), rs.getObject("updated_at", OffsetDateTime.class));
    }

    private StoredMessage message(ResultSet rs, int row) throws SQLException {
        Speaker speaker = "user".equals(rs.getString("author")) ? Speaker.USER : Speaker.CHARACTER;
        ChatMessage message = new ChatMessage(speaker, rs.getString("body"));
        String settings = rs.getString("settings_json");
        ReplyProvenance provenance = null;
        if (settings != null) {
            String source = "stored message " + rs.getLong("id");
            provenance = new ReplyProvenance(SettingsJson.read(source, settings), rs.getLong("seed"),
                    rs.getString("finish_reason"), read(rs.getString("tokens_json")));
        }
        return new StoredMessage(rs.getLong("id"), rs.getInt("ordinal"), message, provenance);
    }

    private static String author(Speaker speaker) {
        return speaker == Speaker.USER ? "user" : "character";
    }

    private String write(List<TokenEvent> tokens) {
        try {
            return json.writeValueAsString(tokens);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("token events always serialise", e);
        }
    }

    private List<TokenEvent> read(String tokens) {
        if (tokens == null) {
            return List.of();
        }
        try {
            return json.readValue(tokens, TOKEN_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored token events are unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
