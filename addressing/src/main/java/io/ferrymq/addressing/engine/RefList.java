package io.ferrymq.addressing.engine;

/**
 * A doubly linked list of {@link MessageReference}s through their own links: O(1) append and removal anywhere,
 * and in-order insertion by sequence for returned messages (which land near the head). Not thread safe.
 */
final class RefList {

    private MessageReference head;
    private MessageReference tail;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    MessageReference head() {
        return head;
    }

    void addLast(MessageReference ref) {
        ref.list = this;
        ref.next = null;
        ref.prev = tail;
        if (tail == null) {
            head = ref;
        } else {
            tail.next = ref;
        }
        tail = ref;
        size++;
    }

    /** Inserts keeping the list ordered by sequence, scanning from the head. */
    void insertOrdered(MessageReference ref) {
        MessageReference at = head;
        while (at != null && at.sequence < ref.sequence) {
            at = at.next;
        }
        if (at == null) {
            addLast(ref);
            return;
        }
        ref.list = this;
        ref.next = at;
        ref.prev = at.prev;
        if (at.prev == null) {
            head = ref;
        } else {
            at.prev.next = ref;
        }
        at.prev = ref;
        size++;
    }

    void remove(MessageReference ref) {
        if (ref.list != this) {
            throw new IllegalStateException(ref + " is not in this list");
        }
        if (ref.prev == null) {
            head = ref.next;
        } else {
            ref.prev.next = ref.next;
        }
        if (ref.next == null) {
            tail = ref.prev;
        } else {
            ref.next.prev = ref.prev;
        }
        ref.prev = null;
        ref.next = null;
        ref.list = null;
        size--;
    }
}
