package io.ferrymq.transport.stomp;

/**
 * What {@link StompFrameDecoder} emits instead of a frame when the bytes are not a valid STOMP frame; the decoder
 * then discards everything else the connection sends. The handler answers with an ERROR frame and closes ("the
 * decoder reports, the session decides").
 *
 * @param tooLarge whether the frame was over the size limit (rather than malformed)
 * @param message what was wrong, fit for the ERROR frame's {@code message} header
 */
public record DecodeFailure(boolean tooLarge, String message) {
}
