package io.ociplane.jsonrpc.internal.controller;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's worker threads (Thunder's thread pool), observed for {@code Controller.threads}, {@code processinfo},
 * {@code pendingrequests} and {@code callstack}: which job each runs now, how many it ran, what waits
 * (docs/controller-system.md).
 */
public final class WorkerPool extends ThreadPoolExecutor {

    private static final class Worker {
        final Thread thread;
        final AtomicLong runs = new AtomicLong();
        volatile String job = "";

        Worker(Thread thread) {
            this.thread = thread;
        }
    }

    private final Map<Thread, Worker> workers = new ConcurrentHashMap<>();

    /**
     * @param threads how many threads run calls
     * @param queueBound how many calls may wait
     */
    public WorkerPool(int threads, int queueBound, String threadName) {
        this(threads, queueBound, threadName, 60, false);
    }

    /**
     * A pool whose workers end after {@code idleSeconds} without a call when {@code idleWorkersEnd}: calls come in
     * bursts, and an idle thread keeps its stack and thread data, some 90 KB (docs/footprint.md).
     */
    public WorkerPool(int threads, int queueBound, String threadName, long idleSeconds, boolean idleWorkersEnd) {
        super(threads, threads, idleSeconds, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queueBound));
        setThreadFactory(r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    workers.remove(Thread.currentThread()); // an ended worker is no longer shown
                }
            }, threadName);
            t.setDaemon(true);
            workers.put(t, new Worker(t));
            return t;
        });
        allowCoreThreadTimeOut(idleWorkersEnd);
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
        Worker w = workers.get(t);
        if (w != null) {
            w.job = jobName(r);
            w.runs.incrementAndGet();
        }
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
        Worker w = workers.get(Thread.currentThread());
        if (w != null) {
            w.job = "";
        }
    }

    /** What a job is: the class that handed it in (a lambda's declaring class), e.g. {@code WebSocketChannel}. */
    static String jobName(Runnable r) {
        String name = r.getClass().getName();
        int lambda = name.indexOf("$$");
        if (lambda >= 0) {
            name = name.substring(0, lambda);
        }
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The live worker threads, by thread id. */
    private List<Worker> live() {
        workers.values().removeIf(w -> !w.thread.isAlive() && w.thread.getState() == Thread.State.TERMINATED);
        List<Worker> out = new ArrayList<>(workers.values());
        out.sort(Comparator.comparingLong(w -> w.thread.getId()));
        return out;
    }

    /** {@code [{id, job, runs}]}: the thread id in hex (Thunder shows its thread's id so), {@code ""} when idle. */
    public List<Map<String, Object>> threads(boolean idleJobShown) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Worker w : live()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", "0x" + Long.toHexString(w.thread.getId()));
            if (idleJobShown || !w.job.isEmpty()) {
                e.put("job", w.job);
            }
            e.put("runs", w.runs.get());
            out.add(e);
        }
        return out;
    }

    /** The jobs waiting for a thread, oldest first. */
    public List<String> pending() {
        List<String> out = new ArrayList<>();
        for (Runnable r : getQueue().toArray(new Runnable[0])) {
            out.add(jobName(r));
        }
        return out;
    }

    /**
     * {@code callstack@n}: the frames of the n-th worker thread (in {@link #threads} order), or {@code null} when
     * there is no such thread. A JVM has no machine addresses: {@code address} is {@code 0x0}, {@code module} the
     * class, {@code function} the method, {@code line} the source line when known.
     */
    public List<Map<String, Object>> callstack(int index) {
        List<Worker> live = live();
        if (index < 0 || index >= live.size()) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (StackTraceElement f : live.get(index).thread.getStackTrace()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("address", "0x0");
            e.put("module", f.getClassName());
            e.put("function", f.getMethodName());
            if (f.getLineNumber() > 0) {
                e.put("line", f.getLineNumber());
            }
            out.add(e);
        }
        return out;
    }
}
