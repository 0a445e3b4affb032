/**
 * Durable record storage for FerryMQ on the Artemis journal.
 *
 * <p>{@link io.ferrymq.journal.RecordJournal} is the only entry point: it stores records (id, type 1..99, payload),
 * their updates and deletes, optionally inside transactions with two-phase prepare, and hands out crash-safe ids. It
 * knows records and ids, not messages or protocols: the broker maps its state onto record types. Everything else in
 * this package is either a value returned by the journal ({@link io.ferrymq.journal.Recovery},
 * {@link io.ferrymq.journal.RecoveredRecord}, {@link io.ferrymq.journal.PreparedTransaction}), its options, its
 * exceptions, or a package-private piece of the Artemis bridge. Only this package imports Artemis.
 *
 * <p>Log message ids: FJ1xxx lifecycle, FJ2xxx warnings, FJ3xxx errors (see {@code JournalLog}).
 */
package io.ferrymq.journal;
