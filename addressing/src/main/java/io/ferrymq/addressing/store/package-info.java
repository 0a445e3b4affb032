/**
 * The engine's persistence contract on top of the journal: which records exist (addresses, queues, messages with
 * the queues they were routed to, acknowledgements, delivery counts, transactions), how they are encoded, and how
 * the engine's state is rebuilt from them after a restart.
 *
 * <p>A durable message is written once with the ids of every durable queue it was routed to. Consuming it from
 * one queue appends an acknowledgement; consuming it from its last queue deletes the record. Transactional work is
 * written in a journal transaction at commit (or at XA prepare) so a crash leaves all of it or none.
 */
package io.ferrymq.addressing.store;
