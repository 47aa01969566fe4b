package dev.galatea.ui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import dev.galatea.chat.character.Avatar;
import dev.galatea.chat.character.Character;
import dev.galatea.chat.character.CharacterCards;
import dev.galatea.ui.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The playground in a real browser against the real demo model: a tiny GPT-J with random weights. */
class PlaygroundE2eTest extends BrowserTest {

    private static final String REPLY = ".galatea-message.character:not(.pending)";
    private static final Pattern REPLY_STATS = Pattern.compile(
            "\\d+ tokens?(?: at \\d+\\.\\d tok/s)? · prompt of (\\d+) tokens read in \\d+\\.\\d s, (.*)");

    @Test
    void aFilledInCharacterAnswersWithAStreamedReplyThatCanBeInspected() {
        String name = fillCharacter("Aqua", "A cheerful goddess of water.", "*waves* Hi there!");
        countStreamedTokens();
        sendMessage("Hello!");

        Locator reply = page.locator(REPLY).nth(1);
        reply.locator(".token").first().waitFor();
        assertThat(page.locator(".galatea-message.user")).hasText(Pattern.compile("Hello!"));
        assertThat(page.locator(REPLY).first()).containsText("waves Hi there!");
        assertThat(page.locator(REPLY).first().locator("em")).hasText("waves");
        int streamedTokens = ((Number) page.evaluate("window.galateaStreamedTokens")).intValue();
        assertThat(streamedTokens).as("tokens seen in the reply while it streamed").isGreaterThan(0);
        assertThat(page.locator("#tokens-per-second")).hasText(Pattern.compile("\\d+\\.\\d tok/s"));

        reply.locator(".token").first().click();
        assertThat(page.locator("#token-chosen")).hasText(Pattern.compile("Token \".*\" \\(id \\d+\\): probability [\\d.e+-]+%\\."));
        assertThat(page.locator("#token-alternatives")).hasText(Pattern.compile("Top alternatives: \".*\" [\\d.e+-]+%.*"));
        assertThat(reply.locator(".token").first()).hasAttribute("title", Pattern.compile(".* p=[\\d.e+-]+%.*"));
        assertThat(page.locator("#chat-list")).containsText(name);
        screenshot("chat");
    }

    @Test
    void regenerateReplacesTheReplyAndUndoRemovesTheExchange() {
        fillCharacter("Megumin", "An explosion wizard.", "Explosion!");
        sendMessage("Show me magic.");
        Locator facts = page.locator(REPLY).nth(1).locator(".galatea-message-facts");
        facts.waitFor();
        String firstSeed = facts.textContent();

        assertThat(page.locator("#reply-stats")).hasText(REPLY_STATS);
        Matcher first = REPLY_STATS.matcher(page.locator("#reply-stats").textContent());
        assertThat(first.matches()).isTrue();

        page.locator("#regenerate").click();
        assertThat(page.locator(REPLY).nth(1).locator(".galatea-message-facts")).not().hasText(firstSeed);
        assertThat(page.locator(".galatea-message")).hasCount(3);
        assertThat(page.locator("#reply-stats")).hasText(REPLY_STATS);
        Matcher again = REPLY_STATS.matcher(page.locator("#reply-stats").textContent());
        assertThat(again.matches()).isTrue();
        int promptTokens = Integer.parseInt(first.group(1));
        assertThat(again.group(1)).isEqualTo(first.group(1));
        assertThat(again.group(2)).as("a regenerate runs only the prompt's last token again")
                .isEqualTo((promptTokens - 1) + " of them reused from the last reply");

        page.locator("#undo").click();
        assertThat(page.locator(".galatea-message")).hasCount(1);
        assertThat(page.locator(REPLY)).hasText(Pattern.compile("Explosion!"));
    }

    @Test
    void stopEndsTheReplyMidWayAndKeepsThePartialText() {
        fillCharacter("Darkness", "A crusader.", "Hello.");
        setMaxNewTokens(page, 512);
        // The demo model writes hundreds of tokens a second: click Stop from inside the page, the moment the first
        // streamed token shows, rather than a round trip later from the test.
        page.evaluate("""
                () => new MutationObserver((changes, observer) => {
                  if (document.querySelector('#pending-reply .token')) {
                    observer.disconnect();
                    document.getElementById('stop').click();
                  }
                }).observe(document.body, {childList: true, subtree: true})""");
        sendMessage("Tell me a long story.");

        assertThat(page.locator("#chat-status")).hasText("Stopped.");
        Locator reply = page.locator(REPLY).nth(1);
        assertThat(reply.locator(".galatea-message-facts")).hasText(Pattern.compile("seed \\d+ · cancelled"));
        assertThat(reply.locator(".token").count()).isBetween(1, 511);
        screenshot("stopped");
    }

    @Test
    void aSavedChatLoadsBackAsANewChat() throws Exception {
        fillCharacter("Wiz", "A shopkeeper.", "Welcome!");
        sendMessage("What do you sell?");
        page.locator(REPLY).nth(1).locator(".galatea-message-facts").waitFor();
        List<String> shown = new ArrayList<>(page.locator(".galatea-message .message-body").allTextContents());

        Download download = page.waitForDownload(() -> page.locator("#save-chat").click());
        assertThat(download.suggestedFilename()).endsWith("-chat.json");
        Path chatFile = Files.createTempDirectory("galatea-chat-").resolve("saved-chat.json");
        download.saveAs(chatFile);
        JsonNode saved = new ObjectMapper().readTree(Files.readAllBytes(chatFile));
        String wiz = saved.get("chat").get(0).asText();
        assertThat(wiz).startsWith("Wiz").endsWith(": Welcome!");
        assertThat(saved.get("chat").get(1).asText()).isEqualTo("You: What do you sell?");
        assertThat(saved.get("chat")).hasSize(3);

        page.locator("#undo").click();
        assertThat(page.locator(".galatea-message")).hasCount(1);
        page.locator("#load-chat input[type=file]").setInputFiles(chatFile);
        assertThat(page.locator(".galatea-message")).hasCount(3);
        // Tokens are not in the chat file, so the loaded reply is plain text: compare texts, not token spans.
        assertThat(page.locator(".galatea-message .message-body").allTextContents()).isEqualTo(shown);
    }

    @Test
    void aPngCardImportsWithItsAvatarAndExportsBackAsTheSameCharacter() throws Exception {
        openApp();
        String name = "Chomusuke " + UUID.randomUUID().toString().substring(0, 6);
        page.locator("#tab-character").click();
        assertThat(page.locator("#export-png")).hasAttribute("disabled", "");
        Character character = new Character(name, "A black cat with wings.", "Meow.", "A mansion.",
                "You: hi\n" + name + ": *purrs*", new Avatar(TestImages.png(64, 64, 0x202020)));
        byte[] card = CharacterCards.toPngCard(character);
        page.locator("#import-card input[type=file]")
                .setInputFiles(new FilePayload("chomusuke.png", "image/png", card));

        assertThat(page.locator("#char-name input")).hasValue(name);
        assertThat(page.locator("#persona textarea")).hasValue("A black cat with wings.");
        assertThat(page.locator("#greeting textarea")).hasValue("Meow.");
        assertThat(page.locator("#scenario textarea")).hasValue("A mansion.");
        Locator avatar = page.locator("#avatar");
        avatar.waitFor();
        page.waitForFunction("document.getElementById('avatar').naturalWidth === 64");
        screenshot("character-card");

        assertThat(page.locator("#export-png")).not().hasAttribute("disabled", "");
        Download download = page.waitForDownload(() -> page.locator("#export-png").click());
        assertThat(download.suggestedFilename()).isEqualTo(name + ".card.png");
        byte[] exported = Files.readAllBytes(download.path());
        assertThat(CharacterCards.read(download.suggestedFilename(), exported)).isEqualTo(character);
    }

    @Test
    void aMalformedCardIsRefusedAndTheFormKeepsWhatItHad() {
        fillCharacter("Yunyun", "A lonely wizard.", "Hi...");
        page.locator("#tab-character").click();
        page.locator("#import-card input[type=file]").setInputFiles(
                new FilePayload("broken.json", "application/json", "{\"char_name\": ".getBytes(StandardCharsets.UTF_8)));

        assertThat(notice()).containsText("broken.json");
        assertThat(page.locator("#persona textarea")).hasValue("A lonely wizard.");

        byte[] badPng = TestImages.png(8, 8, 0xffffff);
        badPng[badPng.length - 5] ^= 0x55;
        page.locator("#import-card input[type=file]").setInputFiles(new FilePayload("bad.png", "image/png", badPng));
        assertThat(notice().filter(new Locator.FilterOptions().setHasText("bad.png"))).hasCount(1);
        assertThat(page.locator("#persona textarea")).hasValue("A lonely wizard.");
    }

    @Test
    void anOversizedCardIsRefusedWithANotice() {
        openApp();
        page.locator("#tab-character").click();
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        page.locator("#import-card input[type=file]").setInputFiles(new FilePayload("huge.png", "image/png", big));

        assertThat(notice()).hasText("huge.png: Character cards are limited to 5 MB.");
    }

    @Test
    void anOversizedChatIsRefusedWithANoticeAndTheChatOnScreenStays() {
        fillCharacter("Aqua", "A goddess of water.", "Hello!");
        sendMessage("Are you there?");
        page.locator(REPLY).nth(1).locator(".galatea-message-facts").waitFor();
        List<String> shown = page.locator(".galatea-message .message-body").allTextContents();
        byte[] big = new byte[20 * 1024 * 1024 + 1];

        page.locator("#load-chat input[type=file]")
                .setInputFiles(new FilePayload("huge-chat.json", "application/json", big));

        assertThat(notice()).hasText("huge-chat.json: Chat files are limited to 20 MB.");
        assertThat(page.locator(".galatea-message .message-body").allTextContents()).isEqualTo(shown);
    }

    @Test
    void aChatAndACharacterAreDeletedFromTheLibraryOnlyOnceConfirmed() {
        String name = fillCharacter("Eris", "A goddess of luck.", "Hello!");
        sendMessage("Hi");
        page.locator(REPLY).nth(1).locator(".galatea-message-facts").waitFor();
        Locator chatRow = libraryRow("#chat-list", name);
        Locator characterRow = libraryRow("#character-list", name);
        assertThat(chatRow).hasCount(1);

        chatRow.locator("[id^=delete-chat-]").click();
        assertThat(page.locator("vaadin-dialog-overlay")).containsText("Delete the chat \"" + name + ", ");
        page.locator("#confirm-delete-cancel").click();
        assertThat(chatRow).hasCount(1);
        assertThat(page.locator(".galatea-message")).hasCount(3);

        chatRow.locator("[id^=delete-chat-]").click();
        page.locator("#confirm-delete-ok").click();
        assertThat(chatRow).hasCount(0);
        assertThat(page.locator(".galatea-message")).hasCount(0);
        assertThat(page.locator("#char-name input")).hasValue(name);

        characterRow.locator("[id^=delete-character-]").click();
        assertThat(page.locator("vaadin-dialog-overlay"))
                .containsText("Delete the character \"" + name + "\"? This cannot be undone.");
        page.locator("#confirm-delete-ok").click();
        assertThat(characterRow).hasCount(0);
        assertThat(page.locator("#char-name input")).hasValue("");

        page.reload();
        page.locator("#header").waitFor();
        assertThat(page.locator("#library")).not().containsText(name);
    }

    @Test
    void theChatIsStillThereAfterAReload() {
        fillCharacter("Kazuma", "An adventurer.", "Yo.");
        sendMessage("Remember me?");
        page.locator(REPLY).nth(1).locator(".galatea-message-facts").waitFor();
        List<String> before = page.locator(".galatea-message .message-body").allTextContents();

        page.reload();
        page.locator("#messages .galatea-message").first().waitFor();

        assertThat(page.locator(".galatea-message .message-body").allTextContents()).isEqualTo(before);
        assertThat(page.locator("#char-name input")).hasValue(Pattern.compile("Kazuma.*"));
    }

    @Test
    void markupInAPersonaOrGreetingIsShownAsText() {
        String script = "<script>window.galateaInjected = 1</script><img src=x onerror=\"window.galateaInjected = 2\">";
        fillCharacter("Vanir", script, "Greetings " + script);
        sendMessage("Hi");
        page.locator(REPLY).nth(1).locator(".galatea-message-facts").waitFor();

        assertThat(page.locator(REPLY).first().locator(".message-body")).hasText("Greetings " + script);
        assertThat(page.locator(REPLY).first().locator("script, img")).hasCount(0);
        assertThat(page.evaluate("window.galateaInjected === undefined")).isEqualTo(true);
        page.locator("#tab-prompt").click();
        assertThat(page.locator("#prompt-text")).containsText("Vanir");
        assertThat(page.locator("#prompt-text")).containsText("'s Persona: " + script);
        assertThat(page.locator("#tokens-total")).hasText(Pattern.compile("Total: \\d+"));
        screenshot("prompt-inspector");
    }

    /** The library's row (entry and delete button) whose text contains {@code name}. */
    private Locator libraryRow(String list, String name) {
        return page.locator(list + " vaadin-horizontal-layout").filter(new Locator.FilterOptions().setHasText(name));
    }

    /** Remembers the most tokens the streaming reply showed before it was replaced by the saved one. */
    private void countStreamedTokens() {
        page.evaluate("""
                () => {
                  window.galateaStreamedTokens = 0;
                  new MutationObserver(() => {
                    const pending = document.getElementById('pending-reply');
                    if (pending) {
                      window.galateaStreamedTokens = Math.max(window.galateaStreamedTokens,
                          pending.querySelectorAll('.token').length);
                    }
                  }).observe(document.body, {childList: true, subtree: true});
                }""");
    }
}
