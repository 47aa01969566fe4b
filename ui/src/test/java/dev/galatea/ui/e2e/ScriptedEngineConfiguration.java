package dev.galatea.ui.e2e;

import dev.galatea.ui.generation.ReplyEngine;
import dev.galatea.ui.testing.ScriptedReplyEngine;
import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A stand-in model for checking view wiring only, until the engine adapter lands. */
@TestConfiguration
class ScriptedEngineConfiguration {

    @Bean
    ReplyEngine replyEngine() {
        return new ScriptedReplyEngine(Duration.ofMillis(150));
    }
}
