package io.ferrymq.transport.stomp;

import java.util.concurrent.CompletionStage;

/**
 * What a STOMP connection does with the frames a client sends: the broker side (see the {@code bridge} package).
 * One instance per connection; every method runs on the connection's event loop and must not block.
 *
 * <p>Frames are handed over one at a time, in order: the next frame is handed over only when the stage returned
 * for the previous one has completed (reads are paused meanwhile), so a SUBSCRIBE is in place before the SEND that
 * follows it. A stage completes as soon as the frame's effect is ordered, not when it is confirmed: a SEND's stage
 * completes once the message is handed to the engine, its RECEIPT is written later. A stage that fails with a
 * {@link StompProtocolException} (or a frame that throws one) ends the connection with an ERROR frame.
 */
public interface FrameProcessor {

    /**
     * The CONNECT or STOMP frame (headers as sent: these frames are not escaped). The processor authenticates,
     * calls {@link FrameChannel#connected} and writes CONNECTED, or fails with
     * {@link StompProtocolException.Kind#REFUSED}.
     */
    CompletionStage<Void> connect(StompFrame connect);

    /** Any other client frame, after CONNECTED, with its headers unescaped for the negotiated version. */
    CompletionStage<Void> process(StompFrame frame);

    /** The channel became writable again. */
    void writabilityChanged();

    /** The network connection is gone: release everything. Called once. */
    void closed();
}
