package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.addressing.api.XaRecovery;
import io.ferrymq.addressing.api.Xid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The XA transactions the engine knows by branch id: running ones (so a duplicate xid is refused, XAER_DUPID) and
 * prepared ones, including those recovered from the journal, which a transaction manager finds through
 * {@link #preparedXids()} and ends from any connection. Thread safe.
 */
final class XaRegistry implements XaRecovery {

    private final Map<Xid, ServerTransaction> byXid = new ConcurrentHashMap<>();

    void register(Xid xid, ServerTransaction tx) {
        if (byXid.putIfAbsent(xid, tx) != null) {
            throw new EngineException(EngineException.Kind.TRANSACTION_FAILED, "duplicate XA branch " + xid);
        }
    }

    void remove(Xid xid, ServerTransaction tx) {
        byXid.remove(xid, tx);
    }

    @Override
    public List<Xid> preparedXids() {
        List<Xid> out = new ArrayList<>();
        byXid.forEach((xid, tx) -> {
            if (tx.state() == ServerTransaction.State.PREPARED) {
                out.add(xid);
            }
        });
        return out;
    }

    @Override
    public Optional<Transaction> find(Xid xid) {
        return Optional.ofNullable(byXid.get(xid));
    }
}
