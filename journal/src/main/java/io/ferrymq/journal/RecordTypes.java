package io.ferrymq.journal;

/**
 * The split of Artemis's one-byte record type between callers and the journal itself: callers use
 * {@value #USER_MIN}..{@value #USER_MAX}; {@value #INTERNAL_MIN} and above are the journal's bookkeeping, hidden from
 * {@link Recovery}.
 */
final class RecordTypes {

    /** Lowest record type a caller may use. */
    static final byte USER_MIN = 1;
    /** Highest record type a caller may use. */
    static final byte USER_MAX = 99;
    /** Lowest internal record type. */
    static final byte INTERNAL_MIN = 100;
    /** An id block reservation: record id = first id of the block, data = 8-byte exclusive end of the block. */
    static final byte ID_BLOCK = 100;

    private RecordTypes() {
    }

    /** Whether {@code type} belongs to callers. */
    static boolean isUser(byte type) {
        return type >= USER_MIN && type <= USER_MAX;
    }

    /** Whether {@code type} belongs to the journal. */
    static boolean isInternal(byte type) {
        return type >= INTERNAL_MIN;
    }

    /** @throws IllegalArgumentException unless {@code type} is a caller's type */
    static byte checkUser(byte type) {
        if (!isUser(type)) {
            throw new IllegalArgumentException("record type must be within " + USER_MIN + ".." + USER_MAX
                    + " (" + INTERNAL_MIN + " and above are reserved), was " + type);
        }
        return type;
    }
}
