package io.ferrymq.transport.mqtt;

/** A broker refusal as the protocol side sees it: a {@link Failure} and a message fit for a reason string. */
public final class BrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Failure failure;

    public BrokerException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    /** The failure behind {@code t} (unwrapping completion exceptions); {@link Failure#UNSPECIFIED} if unknown. */
    public static Failure of(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof BrokerException b) {
                return b.failure;
            }
            c = c.getCause();
        }
        return Failure.UNSPECIFIED;
    }

    /** The message of the {@link BrokerException} behind {@code t}, or of {@code t}. */
    public static String messageOf(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof BrokerException b) {
                return b.getMessage();
            }
            c = c.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
