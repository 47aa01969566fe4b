package dev.galatea.inference.kernels;

/**
 * The {@code int[] step} every kernel reads: what one execution of the step computes. It is the only input
 * that changes between executions, so it is the only array sent to the device per step.
 * <pre>
 * [0]                     rows R in this step (0..maxRows)
 * [1]                     cache copies C to run before the rows (0..maxRows)
 * [2 + 3r ..]             row r: token id, position, cache slot
 * [2 + 3·maxRows + 3c ..] copy c: source slot, target slot, positions to copy
 * </pre>
 * Rows are independent positions: a prompt's tokens in one slot, or one token for each of several slots.
 */
public final class StepLayout {
    static final int ROWS = 0;
    static final int COPIES = 1;
    static final int ROW_BASE = 2;
    static final int FIELDS = 3;

    private StepLayout() {}

    public static int length(int maxRows) {
        return ROW_BASE + 2 * FIELDS * maxRows;
    }

    public static int rows(int[] step) {
        return step[ROWS];
    }

    public static int token(int[] step, int row) {
        return step[ROW_BASE + FIELDS * row];
    }

    public static int position(int[] step, int row) {
        return step[ROW_BASE + FIELDS * row + 1];
    }

    public static int slot(int[] step, int row) {
        return step[ROW_BASE + FIELDS * row + 2];
    }

    public static int copies(int[] step) {
        return step[COPIES];
    }

    public static int copySource(int[] step, int maxRows, int copy) {
        return step[ROW_BASE + FIELDS * (maxRows + copy)];
    }

    public static int copyTarget(int[] step, int maxRows, int copy) {
        return step[ROW_BASE + FIELDS * (maxRows + copy) + 1];
    }

    public static int copyLength(int[] step, int maxRows, int copy) {
        return step[ROW_BASE + FIELDS * (maxRows + copy) + 2];
    }

    /** Starts a new step description with no rows and no copies. */
    public static void clear(int[] step) {
        step[ROWS] = 0;
        step[COPIES] = 0;
    }

    public static void addRow(int[] step, int token, int position, int slot) {
        int at = ROW_BASE + FIELDS * step[ROWS]++;
        step[at] = token;
        step[at + 1] = position;
        step[at + 2] = slot;
    }

    public static void addCopy(int[] step, int maxRows, int source, int target, int length) {
        int at = ROW_BASE + FIELDS * (maxRows + step[COPIES]++);
        step[at] = source;
        step[at + 1] = target;
        step[at + 2] = length;
    }
}
