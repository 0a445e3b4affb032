package io.ferrymq.journal;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * Child process of {@link KillNineTest}: opens the journal in {@code args[0]} and adds synced records until it is
 * killed, printing {@code ACKED <id>} once each record's future has completed. Stops by itself after 60 s in case the
 * parent died first. Never closes the journal.
 */
public final class CrashingWriter {

    private static final long MAX_RUN_NANOS = 60_000_000_000L;

    private CrashingWriter() {
    }

    /** @param args the journal directory */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        JournalOptions options = JournalOptions.builder(Path.of(args[0])).fileSize(1024 * 1024)
                .idBlockSize(50).build();
        RecordJournal journal = RecordJournal.open(options);
        journal.load();
        out.println("READY");
        Semaphore inFlight = new Semaphore(32);
        long deadline = System.nanoTime() + MAX_RUN_NANOS;
        while (System.nanoTime() < deadline) {
            inFlight.acquire();
            long id = journal.nextId();
            byte[] data = ByteBuffer.allocate(Long.BYTES).putLong(id).array();
            journal.add(id, (byte) 1, data, true).whenComplete((v, e) -> {
                inFlight.release();
                if (e == null) {
                    synchronized (out) {
                        out.println("ACKED " + id);
                    }
                }
            });
        }
        System.exit(2);
    }
}
