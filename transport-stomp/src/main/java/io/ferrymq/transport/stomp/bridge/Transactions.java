package io.ferrymq.transport.stomp.bridge;

import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.transport.stomp.StompProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The connection's open STOMP transactions by name (STOMP 1.2 "BEGIN", "COMMIT", "ABORT"), each an engine
 * transaction plus the sends not yet recorded in it, so that COMMIT and ABORT wait for them. Runs on the
 * connection's event loop; not thread safe.
 */
final class Transactions {

    private record Open(Transaction transaction, List<CompletableFuture<?>> sends) {
    }

    private final Map<String, Open> open = new HashMap<>();

    /**
     * @throws StompProtocolException when a transaction of that name is open
     */
    void begin(String name, EngineSession session) {
        if (open.containsKey(name)) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "transaction '" + name
                    + "' is already open");
        }
        open.put(name, new Open(session.beginTransaction(), new ArrayList<>()));
    }

    /**
     * The transaction a frame's {@code transaction} header names, or null without the header.
     *
     * @throws StompProtocolException when no transaction of that name is open
     */
    Transaction get(String name) {
        return name == null ? null : find(name).transaction();
    }

    /** Records a send made in the transaction: COMMIT and ABORT wait for it. */
    void sent(String name, CompletableFuture<?> send) {
        if (name != null) {
            find(name).sends().add(send);
        }
    }

    /**
     * Ends the transaction once its sends are recorded: commit or roll back. The stage completes when the end is
     * synced.
     *
     * @throws StompProtocolException when no transaction of that name is open
     */
    CompletionStage<Void> end(String name, boolean commit) {
        Open tx = find(name);
        open.remove(name);
        return CompletableFuture.allOf(tx.sends().toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> null)
                .thenCompose(ignored -> commit ? tx.transaction().commit() : tx.transaction().rollback());
    }

    private Open find(String name) {
        Open tx = open.get(name);
        if (tx == null) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "no open transaction '" + name
                    + "'");
        }
        return tx;
    }
}
