package dev.galatea.inference.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GptjStepTest {
    /**
     * TornadoVM refuses a task graph in which a task's array is in no transfer ("Parameter #2 from task <embed>
     * not specified either in transferToDevice or transferToHost"). TornadoStepPlan sends the parameters and the
     * device buffers on the first execution, the step on every one, and receives on demand the logits and final
     * hidden states, of all rows or of the last: together they must be exactly the arrays the tasks use.
     */
    @Test
    void everyArrayATaskUsesIsInATransfer() {
        GptjStep step = TinyGptj.step(new TornadoSettings(8, 3, 64, 32, TornadoSettings.MatMulForm.WORK_GROUP, Optional.empty()));
        Set<Object> transferred = identitySet(step.parameters());
        transferred.addAll(step.deviceBuffers());
        transferred.addAll(List.of(step.step(), step.logits(), step.finalHidden(), step.lastLogits(), step.lastHidden()));
        Set<Object> used = TinyGptj.arraysOf(step);
        Set<Object> missing = identitySet(used);
        missing.removeAll(transferred);
        assertEquals(0, missing.size(), missing.size() + " arrays a task uses are in no transfer");
        Set<Object> unused = identitySet(transferred);
        unused.removeAll(used);
        assertEquals(0, unused.size(), unused.size() + " transferred arrays are used by no task");
    }

    private static Set<Object> identitySet(Collection<?> values) {
        Set<Object> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(values);
        return set;
    }
}
