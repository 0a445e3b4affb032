package io.ferrymq.transport.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Sends a hand-made TLS 1.1 ClientHello and reports what the server answers. The JDK's own client refuses to speak
 * TLS 1.1 at all (jdk.tls.disabledAlgorithms), so only raw bytes show that the server refuses it.
 */
public final class TlsProbe {

    /** The TLS alert description {@code protocol_version} (RFC 8446 §6.2). */
    public static final int PROTOCOL_VERSION_ALERT = 70;

    private TlsProbe() {
    }

    /**
     * Offers only TLS 1.1 to {@code address}.
     *
     * @return the description of the alert the server sent (70 for protocol_version), -1 if it closed without an
     *     alert
     * @throws IllegalStateException if the server answered with a handshake (it accepted TLS 1.1)
     */
    public static int offerTls11(InetSocketAddress address) throws IOException {
        byte[] body = clientHelloBody();
        try (Socket socket = new Socket()) {
            socket.connect(address, 5000);
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeByte(22);          // record: handshake
            out.writeShort(0x0302);     // TLS 1.1
            out.writeShort(body.length + 4);
            out.writeByte(1);           // ClientHello
            out.writeByte(0);
            out.writeShort(body.length);
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            int type;
            try {
                type = in.read();
            } catch (SocketTimeoutException | java.net.SocketException e) {
                return -1;
            }
            if (type == -1) {
                return -1;
            }
            if (type == 22) {
                throw new IllegalStateException("the server answered a TLS 1.1 ClientHello with a handshake");
            }
            byte[] rest = in.readNBytes(6); // version(2) length(2) level(1) description(1)
            return type == 21 && rest.length == 6 ? rest[5] & 0xff : -1;
        }
    }

    private static byte[] clientHelloBody() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0x03);
        b.write(0x02);                  // client_version TLS 1.1
        for (int i = 0; i < 32; i++) {
            b.write(i);                 // random
        }
        b.write(0);                     // no session id
        int[] suites = {0xc013, 0xc014, 0x002f, 0x0035}; // ECDHE-RSA-AES-CBC-SHA, RSA-AES-CBC-SHA
        b.write(0);
        b.write(suites.length * 2);
        for (int s : suites) {
            b.write(s >> 8);
            b.write(s & 0xff);
        }
        b.write(1);
        b.write(0);                     // compression: null
        return b.toByteArray();
    }
}
