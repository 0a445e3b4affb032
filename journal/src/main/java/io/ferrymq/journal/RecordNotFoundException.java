package io.ferrymq.journal;

/**
 * An {@link RecordJournal#update update} or {@link RecordJournal#delete delete} named a record id that the journal
 * does not hold (never added, or already deleted). Nothing was written.
 */
public final class RecordNotFoundException extends JournalException {

    private static final long serialVersionUID = 1L;

    private final long id;

    /** @param id the record id that was not found */
    public RecordNotFoundException(long id) {
        super("no record with id " + id + " in the journal");
        this.id = id;
    }

    /** The record id that was not found. */
    public long id() {
        return id;
    }
}
