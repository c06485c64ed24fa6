package org.softlookup.controls;

import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * One line of text that a long cell rewrites in place as it works (step, loss, accuracy), and leaves as its last
 * words: {@code var p = Progress.start(); … p.show("step 300: loss 1.52"); … p.done("1,000 steps: loss 0.08")}.
 * In a notebook the line is an output under a display id, replaced by update_display_data; a stored notebook keeps only
 * the final line. Outside a notebook (a test, a script) nothing is shown until {@link #done}, which prints the line.
 */
public final class Progress {

    /** Updates closer together than this are skipped: the eye reads a few a second, and each costs a message. */
    static final long EVERY_NANOS = 250_000_000L;

    private final Kernel kernel;
    private final String displayId = UUID.randomUUID().toString();
    private final LongSupplier clock;
    private long lastShown;
    private String last = "";
    private boolean done;

    Progress(Kernel kernel, LongSupplier clock) {
        this.kernel = kernel;
        this.clock = clock;
        this.lastShown = clock.getAsLong();
    }

    /** A new progress line under the running cell (empty until the first {@link #show}). */
    public static Progress start() {
        Progress p = new Progress(Kernel.attached() ? Kernel.current() : null, System::nanoTime);
        if (p.kernel != null) {
            p.kernel.display(p.kernel.render(""), p.displayId);
        }
        return p;
    }

    /** Shows {@code line} in place of the last one, unless the last was shown less than a quarter second ago. */
    public void show(String line) {
        requireOpen(line);
        long now = clock.getAsLong();
        if (now - lastShown < EVERY_NANOS) {
            return;
        }
        lastShown = now;
        replace(line);
    }

    /** Shows {@code line} as the final one, always; the progress line is finished and takes no more. */
    public void done(String line) {
        requireOpen(line);
        done = true;
        replace(line);
        if (kernel == null) {
            System.out.println(line);
        }
    }

    /** The line now shown (the final one after {@link #done}). */
    public String line() {
        return last;
    }

    private void replace(String line) {
        last = line;
        if (kernel != null) {
            kernel.updateInCell(displayId, kernel.render(line));
        }
    }

    private void requireOpen(String line) {
        if (line == null) {
            throw new IllegalArgumentException("line must not be null: pass the text to show");
        }
        if (done) {
            throw new IllegalStateException("this progress line is done: start a new one with Progress.start()");
        }
    }
}
