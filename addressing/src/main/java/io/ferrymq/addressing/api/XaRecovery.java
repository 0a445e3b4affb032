package io.ferrymq.addressing.api;

import java.util.List;
import java.util.Optional;

/**
 * Access to XA transactions by branch id, for transports that support XA (OpenWire): joining a branch from another
 * session and ending prepared branches, including those recovered after a restart. Thread safe.
 */
public interface XaRecovery {

    /** The branch ids of all prepared transactions, including those recovered from the journal. */
    List<Xid> preparedXids();

    /** The live or prepared transaction with that branch id. */
    Optional<Transaction> find(Xid xid);
}
