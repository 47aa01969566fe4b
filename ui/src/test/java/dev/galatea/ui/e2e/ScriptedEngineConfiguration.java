package dev.galatea.ui.e2e;

import dev.galatea.ui.generation.ModelSummary;
import dev.galatea.ui.generation.ReplyEngine;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A stand-in model for checking view wiring only, until the engine adapter lands. */
@TestConfiguration
class ScriptedEngineConfiguration {

    static final ModelSummary MODEL = new ModelSummary("scripted-test-model", 1_234_567, "float32", "cpu", true,
            "scripted");

    @Bean
    ReplyEngine replyEngine() {
        return new ReplyEngine() {
            @Override
            public ModelSummary model() {
                return MODEL;
            }

            @Override
            public int countTokens(String text) {
                return text.isBlank() ? 0 : text.strip().split("\\s+").length;
            }
        };
    }
}
