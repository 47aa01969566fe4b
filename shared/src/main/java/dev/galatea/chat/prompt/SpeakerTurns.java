package dev.galatea.chat.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notebook's {@code parse_messages_from_str}: splits text into turns at every line that starts with
 * {@code "You:"} or {@code "<name>:"}. Text before the first speaker is dropped, and with fewer than two speakers the
 * whole text (stripped) is one turn; both quirks are the notebook's and are kept for byte-identical prompts.
 */
final class SpeakerTurns {
    static final String USER_LABEL = "You";

    private SpeakerTurns() {
    }

    /**
     * {@code ^(You|<name>): ?} at line starts. UNIX_LINES because Python's {@code ^} under {@code re.MULTILINE} only
     * follows {@code \n}; Java's would also follow {@code \r}, U+0085 and U+2028.
     */
    static Pattern speakerPattern(String characterName) {
        return Pattern.compile("^(" + USER_LABEL + "|" + Pattern.quote(characterName) + "): ?",
                Pattern.MULTILINE | Pattern.UNIX_LINES);
    }

    static List<String> split(String text, String characterName) {
        Matcher speaker = speakerPattern(characterName).matcher(text);
        List<Integer> starts = new ArrayList<>();
        while (speaker.find()) {
            starts.add(speaker.start());
        }
        if (starts.size() < 2) {
            return List.of(PythonText.strip(text));
        }
        List<String> turns = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
            turns.add(PythonText.strip(text.substring(starts.get(i), end)));
        }
        return turns;
    }
}
