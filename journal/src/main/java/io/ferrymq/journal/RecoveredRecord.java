package io.ferrymq.journal;

import java.util.Arrays;

/**
 * One add or update record read back by {@link RecordJournal#load()}. An add ({@code update == false}) carries the
 * record's first payload; each later update of the same id comes as its own {@code RecoveredRecord} with
 * {@code update == true} and the full payload given to {@link RecordJournal#update}. The current state of a record is
 * its add followed by its updates in list order: the last one wins. Immutable; {@code data} must not be modified.
 *
 * @param id the record id given to add/update
 * @param type the caller's record type, 1..99
 * @param data the payload, as written
 * @param update true for an update record, false for the add
 */
public record RecoveredRecord(long id, byte type, byte[] data, boolean update) {

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveredRecord r && r.id == id && r.type == type && r.update == update
                && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RecoveredRecord[id=" + id + ", type=" + type + ", update=" + update + ", bytes=" + data.length + "]";
    }
}
