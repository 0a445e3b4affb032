package io.ferrymq.transport.stomp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link StompFrame}s (STOMP 1.2 "Augmented BNF"), incrementally: the command and header lines are parsed
 * as they arrive, then the body is read either as exactly {@code content-length} bytes followed by a NUL (so a body
 * may hold NUL bytes) or, without {@code content-length}, up to the first NUL. End-of-line bytes between frames are
 * heart-beats and are skipped. Header values are left escaped (see {@link StompFrame}).
 *
 * <p>Limits: the whole frame (command, headers and body) may not exceed {@code maxFrameSize} bytes, a header line
 * {@code maxHeaderLength} bytes and a frame {@code maxHeaders} headers. A declared {@code content-length} over the
 * limit is refused before its body is read. On any violation the decoder emits one {@link DecodeFailure} and
 * discards all further input; it never closes the channel itself.
 *
 * <p>Not sharable; runs on the connection's event loop.
 */
public final class StompFrameDecoder extends ByteToMessageDecoder {

    private static final byte NUL = 0;
    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final int maxFrameSize;
    private final int maxHeaders;
    private final int maxHeaderLength;

    private String command;
    private List<StompFrame.Header> headers;
    private boolean headersDone;
    private int contentLength = -1;
    private long frameBytes;
    private int scanned;
    private boolean failed;

    /**
     * @param maxFrameSize the largest frame in bytes, headers included
     * @param maxHeaders the most headers in one frame
     * @param maxHeaderLength the longest command or header line in bytes
     */
    public StompFrameDecoder(int maxFrameSize, int maxHeaders, int maxHeaderLength) {
        this.maxFrameSize = maxFrameSize;
        this.maxHeaders = maxHeaders;
        this.maxHeaderLength = maxHeaderLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!failed) {
            decodeFrame(in, out);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void decodeFrame(ByteBuf in, List<Object> out) {
        if (command == null && !readCommand(in, out)) {
            return;
        }
        while (!headersDone) {
            if (!readHeader(in, out)) {
                return;
            }
        }
        readBody(in, out);
    }

    private boolean readCommand(ByteBuf in, List<Object> out) {
        // heart-beats (EOLs) between frames
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b == LF) {
                in.skipBytes(1);
            } else if (b == CR && in.readableBytes() >= 2 && in.getByte(in.readerIndex() + 1) == LF) {
                in.skipBytes(2);
            } else if (b == CR && in.readableBytes() < 2) {
                return false;
            } else {
                break;
            }
        }
        String line = readLine(in, out);
        if (line == null) {
            return false;
        }
        if (line.isEmpty() || !line.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            fail(out, false, "malformed frame: invalid command '" + printable(line) + "'");
            return false;
        }
        command = line;
        headers = new ArrayList<>();
        return true;
    }

    private boolean readHeader(ByteBuf in, List<Object> out) {
        String line = readLine(in, out);
        if (line == null) {
            return false;
        }
        if (line.isEmpty()) {
            headersDone = true;
            return startBody(out);
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            fail(out, false, "malformed header '" + printable(line) + "' in " + command + " frame: no name or no ':'");
            return false;
        }
        if (headers.size() >= maxHeaders) {
            fail(out, false, "more than " + maxHeaders + " headers in " + command + " frame");
            return false;
        }
        headers.add(new StompFrame.Header(line.substring(0, colon), line.substring(colon + 1)));
        return true;
    }

    private boolean startBody(List<Object> out) {
        String length = null;
        for (StompFrame.Header h : headers) {
            if (h.name().equals("content-length")) {
                length = h.value();
                break;
            }
        }
        if (length != null) {
            try {
                contentLength = Integer.parseInt(length.trim());
            } catch (NumberFormatException e) {
                contentLength = -2;
            }
            if (contentLength < 0) {
                fail(out, false, "malformed content-length '" + printable(length) + "'");
                return false;
            }
            if (frameBytes + contentLength + 1 > maxFrameSize) {
                fail(out, true, "frame of " + (frameBytes + contentLength + 1) + " bytes is over the limit of "
                        + maxFrameSize + " bytes");
                return false;
            }
        }
        return true;
    }

    private void readBody(ByteBuf in, List<Object> out) {
        byte[] body;
        if (contentLength >= 0) {
            if (in.readableBytes() < contentLength + 1) {
                return;
            }
            if (in.getByte(in.readerIndex() + contentLength) != NUL) {
                fail(out, false, "frame body is not terminated by NUL after content-length " + contentLength
                        + " bytes");
                return;
            }
            body = new byte[contentLength];
            in.readBytes(body);
            in.skipBytes(1);
        } else {
            int from = in.readerIndex() + scanned;
            int nul = in.indexOf(from, in.writerIndex(), NUL);
            if (nul < 0) {
                scanned = in.readableBytes();
                if (frameBytes + scanned + 1 > maxFrameSize) {
                    fail(out, true, "frame over the limit of " + maxFrameSize + " bytes");
                }
                return;
            }
            int n = nul - in.readerIndex();
            if (frameBytes + n + 1 > maxFrameSize) {
                fail(out, true, "frame of " + (frameBytes + n + 1) + " bytes is over the limit of " + maxFrameSize
                        + " bytes");
                return;
            }
            body = new byte[n];
            in.readBytes(body);
            in.skipBytes(1);
        }
        out.add(new StompFrame(command, headers, body));
        command = null;
        headers = null;
        headersDone = false;
        contentLength = -1;
        frameBytes = 0;
        scanned = 0;
    }

    /** One line without its EOL (LF or CR LF), or null when incomplete (or failed). */
    private String readLine(ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), LF);
        if (lf < 0) {
            if (in.readableBytes() > maxHeaderLength) {
                fail(out, true, "header line over the limit of " + maxHeaderLength + " bytes");
            } else if (frameBytes + in.readableBytes() > maxFrameSize) {
                fail(out, true, "frame over the limit of " + maxFrameSize + " bytes");
            }
            return null;
        }
        int length = lf - in.readerIndex();
        if (length > maxHeaderLength) {
            fail(out, true, "header line over the limit of " + maxHeaderLength + " bytes");
            return null;
        }
        frameBytes += length + 1;
        if (frameBytes > maxFrameSize) {
            fail(out, true, "frame over the limit of " + maxFrameSize + " bytes");
            return null;
        }
        int end = length > 0 && in.getByte(lf - 1) == CR ? length - 1 : length;
        String line = in.toString(in.readerIndex(), end, StandardCharsets.UTF_8);
        in.skipBytes(length + 1);
        return line;
    }

    private void fail(List<Object> out, boolean tooLarge, String message) {
        failed = true;
        out.add(new DecodeFailure(tooLarge, message));
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
