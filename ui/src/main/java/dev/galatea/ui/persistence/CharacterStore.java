package dev.galatea.ui.persistence;

import dev.galatea.chat.character.Avatar;
import dev.galatea.chat.character.Character;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Saved characters, with the avatar of the card they came from. */
@Repository
public class CharacterStore {

    public record StoredCharacter(long id, Character character) {
    }

    public record CharacterSummary(long id, String name, boolean hasAvatar) {
    }

    private final JdbcClient jdbc;

    public CharacterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public long insert(Character character) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO characters (name, persona, greeting, scenario, example_dialogue, avatar_png)
                        VALUES (:name, :persona, :greeting, :scenario, :examples, :avatar)""")
                .params(columns(character))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    @Transactional
    public void update(long id, Character character) {
        var params = columns(character);
        params.put("id", id);
        int rows = jdbc.sql("""
                        UPDATE characters SET name = :name, persona = :persona, greeting = :greeting,
                            scenario = :scenario, example_dialogue = :examples, avatar_png = :avatar,
                            updated_at = CURRENT_TIMESTAMP
                        WHERE id = :id""")
                .params(params)
                .update();
        if (rows != 1) {
            throw new IllegalStateException("no saved character with id " + id);
        }
    }

    public Optional<StoredCharacter> find(long id) {
        return jdbc.sql("SELECT * FROM characters WHERE id = :id").param("id", id).query(CharacterStore::read).optional();
    }

    /** Most recently changed first. */
    public List<CharacterSummary> list() {
        return jdbc.sql("SELECT id, name, avatar_png IS NOT NULL AS has_avatar FROM characters ORDER BY updated_at DESC, id DESC")
                .query((rs, row) -> new CharacterSummary(rs.getLong("id"), rs.getString("name"), rs.getBoolean("has_avatar")))
                .list();
    }

    @Transactional
    public void delete(long id) {
        jdbc.sql("DELETE FROM characters WHERE id = :id").param("id", id).update();
    }

    private static Map<String, Object> columns(Character character) {
        Map<String, Object> params = new HashMap<>();
        params.put("name", character.name());
        params.put("persona", character.persona());
        params.put("greeting", character.greeting());
        params.put("scenario", character.scenario());
        params.put("examples", character.exampleDialogue());
        params.put("avatar", character.avatarIfPresent().map(Avatar::png).orElse(null));
        return params;
    }

    private static StoredCharacter read(ResultSet rs, int row) throws SQLException {
        byte[] avatar = rs.getBytes("avatar_png");
        Character character = new Character(rs.getString("name"), rs.getString("persona"), rs.getString("greeting"),
                rs.getString("scenario"), rs.getString("example_dialogue"), avatar == null ? null : new Avatar(avatar));
        return new StoredCharacter(rs.getLong("id"), character);
    }
}
