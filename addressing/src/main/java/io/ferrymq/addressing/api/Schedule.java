package io.ferrymq.addressing.api;

/**
 * When a scheduled message is delivered, as ActiveMQ Classic's scheduler understands it ({@code AMQ_SCHEDULED_DELAY},
 * {@code AMQ_SCHEDULED_PERIOD}, {@code AMQ_SCHEDULED_REPEAT}, {@code AMQ_SCHEDULED_CRON}).
 *
 * <p>Without a cron expression the message is delivered {@code delayMillis} after it was scheduled, then
 * {@code repeat} more times every {@code periodMillis}. With one, each time the cron expression fires the message
 * is delivered {@code delayMillis} later and then {@code repeat} more times every {@code periodMillis}, for as long
 * as the schedule exists. Cron expressions have the five Unix fields (minute hour day-of-month month day-of-week)
 * and use the broker's time zone.
 *
 * @param delayMillis wait before the first delivery (of each cron firing); 0 or more
 * @param periodMillis wait between repeated deliveries; 0 or more
 * @param repeat further deliveries after the first; 0 or more
 * @param cron a Unix cron expression, or null
 */
public record Schedule(long delayMillis, long periodMillis, int repeat, String cron) {

    public Schedule {
        if (delayMillis < 0 || periodMillis < 0 || repeat < 0) {
            throw new IllegalArgumentException(
                    "delay, period and repeat must not be negative: " + delayMillis + ", " + periodMillis + ", " + repeat);
        }
        if (cron != null && cron.isBlank()) {
            cron = null;
        }
    }

    /** One delivery after {@code delayMillis}. */
    public static Schedule delay(long delayMillis) {
        return new Schedule(delayMillis, 0, 0, null);
    }
}
