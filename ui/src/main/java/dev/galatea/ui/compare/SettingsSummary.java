package dev.galatea.ui.compare;

import dev.galatea.chat.settings.GenerationSettings;
import java.math.BigDecimal;

/** One line that says how a reply was decoded, with the Hugging Face names of only the settings that mattered. */
public final class SettingsSummary {

    private SettingsSummary() {
    }

    public static String of(GenerationSettings s) {
        String decoding = switch (s.decodingMode()) {
            case GREEDY -> "greedy";
            case CONTRASTIVE -> "contrastive · penalty_alpha " + number(s.penaltyAlpha()) + " · top_k " + s.topK();
            case SAMPLE -> "temperature " + number(s.temperature()) + " · top_p " + number(s.topP()) + " · top_k "
                    + s.topK() + " · typical_p " + number(s.typicalP()) + " · min_p " + number(s.minP());
        };
        return decoding + " · repetition_penalty " + number(s.repetitionPenalty()) + " · max_new_tokens "
                + s.maxNewTokens();
    }

    /** 0.5 reads "0.5" and 1.0 reads "1": as few digits as the value needs. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
