package io.ferrymq.transport.stomp;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the log lines of the STOMP transport for assertions on message ids. */
final class LogLines implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.ferrymq.transport.stomp");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogLines() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted lines so far that start with {@code id}. */
    List<String> withId(String id) {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(id))
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
