package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.kernels.AttentionKernels;
import dev.galatea.inference.kernels.ElementwiseKernels;
import dev.galatea.inference.kernels.MatMulKernels;
import dev.galatea.inference.kernels.NormKernels;
import dev.galatea.inference.kernels.StepLayout;
import java.util.ArrayList;
import java.util.List;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.exceptions.TornadoBailoutRuntimeException;
import uk.ac.manchester.tornado.api.exceptions.TornadoCompilationException;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;
import uk.ac.manchester.tornado.api.exceptions.TornadoInternalError;
import uk.ac.manchester.tornado.api.exceptions.TornadoMemoryException;
import uk.ac.manchester.tornado.api.exceptions.TornadoOutOfMemoryException;

/**
 * A {@link GptjStep} as one TornadoVM task graph in one execution plan: every layer's tasks in order, the
 * parameters sent on the first execution, the KV caches and activations left on the device, and per execution
 * only the step description in and, on demand, the last row or all rows of logits and final hidden states out.
 */
final class TornadoStepPlan implements StepRunner {
    private static final String GRAPH = "gptj";

    private final TornadoExecutionPlan plan;
    private final GptjStep program;
    private final TornadoDeviceInfo device;

    private TornadoStepPlan(TornadoExecutionPlan plan, GptjStep program, TornadoDeviceInfo device) {
        this.plan = plan;
        this.program = program;
        this.device = device;
    }

    /**
     * Builds the plan and runs it once with no rows: TornadoVM compiles every kernel and moves the weights now.
     *
     * @param printKernels have TornadoVM print each kernel it generates (see {@link KernelListing})
     */
    static TornadoStepPlan compile(GptjStep program, TornadoDeviceInfo device, boolean printKernels) {
        if (Boolean.parseBoolean(System.getProperty(TornadoAvailability.BAILOUT_PROPERTY, "true"))) {
            throw new GalateaException("-D" + TornadoAvailability.BAILOUT_PROPERTY + " is true: TornadoVM would run a kernel"
                    + " it cannot compile as sequential Java and report CPU speed as " + device.backendName()
                    + "; start with -D" + TornadoAvailability.BAILOUT_PROPERTY + "=False");
        }
        KernelContext context = new KernelContext();
        List<Object> firstExecution = new ArrayList<>(program.parameters());
        firstExecution.addAll(program.deviceBuffers());
        firstExecution.add(context);
        TaskGraph graph = new TaskGraph(GRAPH)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, firstExecution.toArray())
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, program.step());
        GridScheduler grids = new GridScheduler();
        for (StepTask task : program.tasks()) {
            add(graph, grids, context, task);
        }
        graph.transferToHost(DataTransferMode.UNDER_DEMAND, program.logits(), program.finalHidden(),
                program.lastLogits(), program.lastHidden());
        TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot()).withGridScheduler(grids);
        if (printKernels) {
            plan.withPrintKernel();
        }
        TornadoStepPlan compiled = new TornadoStepPlan(plan, program, device);
        StepLayout.clear(program.step());
        compiled.run(Output.NONE);
        return compiled;
    }

    private static void add(TaskGraph graph, GridScheduler grids, KernelContext context, StepTask task) {
        switch (task) {
            case StepTask.Embed t -> graph.task(t.name(), ElementwiseKernels::embed,
                    t.wte(), t.hidden(), t.step(), t.scales(), t.dim(), t.maxRows());
            case StepTask.LayerNorm t -> {
                graph.task(t.name(), NormKernels::layerNorm, context,
                        t.input(), t.output(), t.weight(), t.bias(), t.step(), t.dim(), t.epsilon(), t.localSize());
                grids.addWorkerGrid(key(t), workGroups(t.maxRows(), t.localSize()));
            }
            case StepTask.MatMul t -> {
                switch (t.form()) {
                    case PARALLEL -> graph.task(t.name(), MatMulKernels::matMul,
                            t.weight(), t.input(), t.output(), t.step(), t.scales(), t.outDim(), t.inDim(), t.maxRows());
                    case WORK_GROUP -> {
                        graph.task(t.name(), MatMulKernels::matMulReduce, context,
                                t.weight(), t.input(), t.output(), t.step(), t.scales(), t.outDim(), t.inDim(), t.localSize());
                        grids.addWorkerGrid(key(t), workGroups(t.outDim(), t.localSize()));
                    }
                }
            }
            case StepTask.Rotary t -> graph.task(t.name(), AttentionKernels::rotary,
                    t.query(), t.key(), t.rope(), t.step(), t.headDim(), t.rotaryDim(), t.rotaryPairs(), t.dim(), t.maxRows());
            case StepTask.KvCopy t -> {
                graph.task(t.name(), AttentionKernels::kvCopy, context,
                        t.keyCache(), t.valueCache(), t.step(), t.capacity(), t.dim(), t.maxRows());
                grids.addWorkerGrid(key(t), workGroups(t.workItems() / t.localSize(), t.localSize()));
            }
            case StepTask.KvStore t -> graph.task(t.name(), AttentionKernels::kvStore,
                    t.key(), t.value(), t.keyCache(), t.valueCache(), t.step(), t.capacity(), t.dim(), t.maxRows());
            case StepTask.AttentionScores t -> graph.task(t.name(), AttentionKernels::attentionScores,
                    t.query(), t.keyCache(), t.scores(), t.step(), t.nHead(), t.headDim(), t.capacity(), t.scale(), t.maxRows());
            case StepTask.AttentionSoftmax t -> {
                graph.task(t.name(), AttentionKernels::attentionSoftmax, context,
                        t.scores(), t.step(), t.nHead(), t.capacity(), t.localSize());
                grids.addWorkerGrid(key(t), workGroups(t.maxRows() * t.nHead(), t.localSize()));
            }
            case StepTask.AttentionValues t -> graph.task(t.name(), AttentionKernels::attentionValues,
                    t.scores(), t.valueCache(), t.output(), t.step(), t.nHead(), t.headDim(), t.capacity(), t.maxRows());
            case StepTask.GeluNewWithBias t -> graph.task(t.name(), ElementwiseKernels::geluNewWithBias,
                    t.x(), t.bias(), t.step(), t.width(), t.maxRows());
            case StepTask.Residual t -> graph.task(t.name(), ElementwiseKernels::residual,
                    t.hidden(), t.attention(), t.mlp(), t.mlpBias(), t.step(), t.dim(), t.maxRows());
            case StepTask.AddBias t -> graph.task(t.name(), ElementwiseKernels::addBias,
                    t.x(), t.bias(), t.step(), t.width(), t.maxRows());
            case StepTask.LastRow t -> graph.task(t.name(), ElementwiseKernels::lastRow,
                    t.rows(), t.last(), t.step(), t.width());
        }
    }

    private static String key(StepTask task) {
        return GRAPH + "." + task.name();
    }

    private static WorkerGrid1D workGroups(int groups, int localSize) {
        WorkerGrid1D grid = new WorkerGrid1D(groups * localSize);
        grid.setLocalWork(localSize, 1, 1);
        return grid;
    }

    @Override
    public void run(Output output) {
        try {
            TornadoExecutionResult result = plan.execute();
            switch (output) {
                case NONE -> { }
                case LAST_ROW -> result.transferToHost(program.lastLogits(), program.lastHidden());
                case ALL_ROWS -> result.transferToHost(program.logits(), program.finalHidden());
            }
        } catch (TornadoBailoutRuntimeException | TornadoCompilationException | TornadoInternalError e) {
            // TornadoInternalError: an assertion in TornadoVM's own compiler (seen in its OpenCL LIR generator).
            throw new GalateaException(device.backendName() + " on " + device.name() + ": TornadoVM could not compile a"
                    + " GPT-J kernel (" + TornadoAvailability.oneLine(e) + "); not running it as Java on the CPU", e);
        } catch (TornadoOutOfMemoryException | TornadoMemoryException e) {
            throw new GalateaException(device.backendName() + " on " + device.name() + ": out of device memory ("
                    + TornadoAvailability.oneLine(e) + "); lower the tornado slots or contextLength", e);
        }
    }

    @Override
    public void close() {
        try {
            plan.freeDeviceMemory();
            plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("TornadoVM could not release the GPT-J plan on " + device.name(), e);
        }
    }
}
