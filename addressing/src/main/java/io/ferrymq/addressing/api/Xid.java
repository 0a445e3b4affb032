package io.ferrymq.addressing.api;

import java.util.Arrays;

/**
 * An XA transaction branch id (X/Open XA; javax.transaction.xa.Xid).
 *
 * @param formatId the format id
 * @param globalTransactionId up to 64 bytes
 * @param branchQualifier up to 64 bytes
 */
public record Xid(int formatId, byte[] globalTransactionId, byte[] branchQualifier) {

    public Xid {
        globalTransactionId = globalTransactionId.clone();
        branchQualifier = branchQualifier.clone();
    }

    @Override
    public byte[] globalTransactionId() {
        return globalTransactionId.clone();
    }

    @Override
    public byte[] branchQualifier() {
        return branchQualifier.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xid x
                && formatId == x.formatId
                && Arrays.equals(globalTransactionId, x.globalTransactionId)
                && Arrays.equals(branchQualifier, x.branchQualifier);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId)) + Arrays.hashCode(branchQualifier);
    }

    @Override
    public String toString() {
        return "Xid[" + formatId + ", " + HexFormatHolder.hex(globalTransactionId) + ", "
                + HexFormatHolder.hex(branchQualifier) + "]";
    }

    private static final class HexFormatHolder {
        static String hex(byte[] b) {
            return java.util.HexFormat.of().formatHex(b);
        }
    }
}
