package io.ferrymq.transport.amqp.mapping;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * Which content types are text, and in which charset, by Qpid JMS's rules for a data section without a JMS type
 * annotation: {@code text/*}, and {@code application/} {@code json}, {@code xml}, {@code javascript},
 * {@code ecmascript}, {@code xml-dtd}, {@code *+json} and {@code *+xml}; the {@code charset} parameter, UTF-8 when
 * absent. A charset the JVM does not know makes the content bytes, not text.
 */
final class ContentTypes {

    private ContentTypes() {}

    /** The charset to read a textual content type with, or null when the content is not text. */
    static Charset textCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        int slash = contentType.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String type = contentType.substring(0, slash).trim().toLowerCase(Locale.ROOT);
        String rest = contentType.substring(slash + 1);
        int semi = rest.indexOf(';');
        String subtype = (semi < 0 ? rest : rest.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (subtype.isEmpty() || !isTextual(type, subtype)) {
            return null;
        }
        String charset = semi < 0 ? null : charsetParameter(rest.substring(semi + 1));
        if (charset == null || charset.equalsIgnoreCase("utf-8")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(charset);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    private static boolean isTextual(String type, String subtype) {
        if (type.equals("text")) {
            return true;
        }
        return type.equals("application")
                && (subtype.equals("json")
                        || subtype.equals("xml")
                        || subtype.equals("javascript")
                        || subtype.equals("ecmascript")
                        || subtype.equals("xml-dtd")
                        || subtype.endsWith("+json")
                        || subtype.endsWith("+xml"));
    }

    private static String charsetParameter(String parameters) {
        for (String p : parameters.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String v = p.substring(eq + 1).trim();
                if (v.length() > 1 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    /** Whether {@code contentType} is {@code expected}, ignoring case and parameters. */
    static boolean is(String contentType, String expected) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String base = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return base.equalsIgnoreCase(expected);
    }
}
