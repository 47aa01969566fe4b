package dev.galatea.chat;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.regex.Pattern;

/** The one JSON reader of the chat domain, with one-line reasons when a text is not JSON. */
public final class JsonSupport {
    /** Rejects "{...} trailing garbage", which Jackson otherwise accepts silently. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern JACKSON_LOCATION = Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)]");

    private JsonSupport() {
    }

    /**
     * Parses JSON bytes (UTF-8, or UTF-16/32 as Jackson detects them).
     *
     * @throws InvalidJsonException with a one-line reason (line and column where known); callers add the file name
     */
    public static JsonNode readTree(byte[] json) throws InvalidJsonException {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new InvalidJsonException("empty, no JSON value");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String reason = firstLine(e.getOriginalMessage());
            throw new InvalidJsonException(where == null || where.getLineNr() < 1
                    ? "not valid JSON: " + reason
                    : "not valid JSON at line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + reason);
        } catch (IOException e) {
            throw new InvalidJsonException("not readable as JSON: " + firstLine(e.getMessage()));
        }
    }

    /** A tree built in code as compact UTF-8 JSON. */
    public static byte[] toBytes(JsonNode tree) {
        return write(MAPPER.writer(), tree);
    }

    /** A tree built in code as indented UTF-8 JSON, for files people may read. */
    public static byte[] toPrettyBytes(JsonNode tree) {
        return write(MAPPER.writerWithDefaultPrettyPrinter(), tree);
    }

    private static byte[] write(ObjectWriter writer, JsonNode tree) {
        try {
            return writer.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON values always serialises", e);
        }
    }

    /** Why a text is not JSON, in one line. Checked, so every caller names its file when it rethrows. */
    public static final class InvalidJsonException extends Exception {
        InvalidJsonException(String reason) {
            super(reason);
        }
    }

    /** Jackson's first line, with its "[Source: REDACTED ...; line: 1, column: 10]" locations made readable. */
    private static String firstLine(String text) {
        if (text == null) {
            return "no details";
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return JACKSON_LOCATION.matcher(line).replaceAll("line $1, column $2");
    }
}
