package io.ferrymq.journal;

/**
 * A journal operation that could not be done: the directory is locked by another journal, a file could not be
 * opened, read or written, or the journal was closed before a write completed. Thrown by {@link RecordJournal}
 * methods and used to complete their futures exceptionally. The message names the directory or the record/transaction
 * id concerned.
 */
public class JournalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, for the operator */
    public JournalException(String message) {
        super(message);
    }

    /**
     * @param message what failed, for the operator
     * @param cause the underlying failure
     */
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
