package dev.galatea.ui.generation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One generation at a time on the model, first come first served across every browser session: chat replies and
 * side-by-side comparisons alike. A waiting caller hears its place in the line each time it changes; cancelling a
 * waiting generation takes it out of the line, cancelling the running one stops the engine, which ends it with what
 * it had.
 */
@Component
public final class GenerationQueue implements AutoCloseable {

    /** Hears a queued generation: its place while it waits, then the engine's stream. */
    public interface Listener extends ReplyListener {
        /** @param ahead generations before this one, the running one included; 0 when it starts */
        void onQueuePosition(int ahead);
    }

    /**
     * Any work that holds the model until it ends, such as a batched comparison. It hears its place in the line,
     * then is started once and reports its end once; or it leaves the line before it starts.
     */
    public interface Job {
        /** @param ahead generations before this one, the running one included; 0 when it starts */
        void onQueuePosition(int ahead);

        /** Starts the work on the model and returns at once; the work calls {@code end} when it is over. */
        ReplyHandle start(End end);

        /** Cancelled while it waited: it never reached the model. */
        void onCancelledWhileWaiting();

        /** The model refused to start it. */
        void onRefused(String message);
    }

    /** How a started job says it is over, with the notice that tells its owner so. */
    @FunctionalInterface
    public interface End {
        void with(Runnable lastNotice);
    }

    private static final Logger LOG = LoggerFactory.getLogger(GenerationQueue.class);

    private final ReplyEngine engine;
    // The engine is started from this thread, never from a listener's: a finishing generation starts the next one.
    private final ExecutorService starter = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .name("galatea-generation-queue").daemon().factory());
    private final Deque<Ticket> waiting = new ArrayDeque<>();
    private Ticket running;

    public GenerationQueue(ReplyEngine engine) {
        this.engine = engine;
    }

    /** Puts a reply in line; it starts as soon as the ones before it have finished. */
    public Ticket submit(ReplyRequest request, Listener listener) {
        return submit(new ReplyJob(request, listener));
    }

    /** Puts any work on the model in line; it starts as soon as the ones before it have finished. */
    public Ticket submit(Job job) {
        Ticket ticket = new Ticket(job);
        List<Runnable> notices;
        synchronized (this) {
            waiting.addLast(ticket);
            notices = positionNotices();
            if (running == null) {
                starter.execute(this::startNext);
            }
        }
        notices.forEach(Runnable::run);
        return ticket;
    }

    /** How many generations are running or waiting. */
    public synchronized int size() {
        return waiting.size() + (running == null ? 0 : 1);
    }

    private void startNext() {
        Ticket next;
        List<Runnable> notices;
        boolean tellStart;
        synchronized (this) {
            if (running != null || waiting.isEmpty()) {
                return;
            }
            next = waiting.pollFirst();
            running = next;
            tellStart = next.lastPosition != 0;
            next.lastPosition = 0;
            notices = positionNotices();
        }
        if (tellStart) {
            safely(() -> next.job.onQueuePosition(0));
        }
        notices.forEach(Runnable::run);
        ReplyHandle handle;
        try {
            handle = next.job.start(lastNotice -> {
                next.finish(lastNotice);
                finished(next);
            });
        } catch (RuntimeException e) {
            LOG.warn("the engine refused a generation", e);
            next.finish(() -> next.job.onRefused(e.getMessage() == null ? e.toString() : e.getMessage()));
            finished(next);
            return;
        }
        next.started(handle);
    }

    private void finished(Ticket ticket) {
        synchronized (this) {
            if (running == ticket) {
                running = null;
            }
        }
        starter.execute(this::startNext);
    }

    /** The new places of waiting tickets that moved, to tell outside the lock: listeners take the UI's lock. */
    private List<Runnable> positionNotices() {
        List<Runnable> notices = new ArrayList<>(waiting.size());
        int ahead = running == null ? 0 : 1;
        for (Ticket ticket : waiting) {
            int place = ahead++;
            if (ticket.lastPosition != place) {
                ticket.lastPosition = place;
                notices.add(() -> safely(() -> ticket.job.onQueuePosition(place)));
            }
        }
        return notices;
    }

    /** A listener that fails (a closed page, say) must not stall the line for everyone else. */
    private static void safely(Runnable notice) {
        try {
            notice.run();
        } catch (RuntimeException e) {
            LOG.warn("a generation listener failed", e);
        }
    }

    @Override
    public void close() {
        starter.shutdownNow();
    }

    /** One submitted generation. */
    public final class Ticket {
        private final Job job;
        private ReplyHandle handle;
        private boolean cancelRequested;
        private boolean done;
        private int lastPosition = -1;

        private Ticket(Job job) {
            this.job = job;
        }

        /**
         * Stops this generation: a waiting one leaves the line and ends "cancelled" with no text; a running one ends
         * "cancelled" with the text it had, through the engine.
         */
        public void cancel() {
            boolean wasWaiting;
            List<Runnable> notices = List.of();
            ReplyHandle toCancel = null;
            synchronized (GenerationQueue.this) {
                if (done) {
                    return;
                }
                cancelRequested = true;
                wasWaiting = waiting.remove(this);
                if (wasWaiting) {
                    notices = positionNotices();
                } else {
                    toCancel = handle;
                }
            }
            if (wasWaiting) {
                finish(job::onCancelledWhileWaiting);
                notices.forEach(Runnable::run);
            } else if (toCancel != null) {
                toCancel.cancel();
            }
        }

        private void started(ReplyHandle engineHandle) {
            boolean cancelNow;
            synchronized (GenerationQueue.this) {
                handle = engineHandle;
                cancelNow = cancelRequested && !done;
            }
            if (cancelNow) {
                engineHandle.cancel();
            }
        }

        private void finish(Runnable notice) {
            synchronized (GenerationQueue.this) {
                if (done) {
                    return;
                }
                done = true;
            }
            safely(notice);
        }
    }

    /** A chat reply: the engine's stream, handed to the listener; a listener that fails stalls nothing. */
    private final class ReplyJob implements Job {
        private final ReplyRequest request;
        private final Listener listener;

        ReplyJob(ReplyRequest request, Listener listener) {
            this.request = request;
            this.listener = listener;
        }

        @Override
        public void onQueuePosition(int ahead) {
            listener.onQueuePosition(ahead);
        }

        @Override
        public ReplyHandle start(End end) {
            return engine.generate(request, new ReplyListener() {
                @Override
                public void onPromptRead(int read, int total) {
                    safely(() -> listener.onPromptRead(read, total));
                }

                @Override
                public void onToken(TokenEvent token) {
                    safely(() -> listener.onToken(token));
                }

                @Override
                public void onDone(ReplyResult result) {
                    end.with(() -> listener.onDone(result));
                }

                @Override
                public void onError(String message) {
                    end.with(() -> listener.onError(message));
                }
            });
        }

        @Override
        public void onCancelledWhileWaiting() {
            listener.onDone(new ReplyResult("", "cancelled", 0, 0, 0, 0, 0));
        }

        @Override
        public void onRefused(String message) {
            listener.onError(message);
        }
    }
}
