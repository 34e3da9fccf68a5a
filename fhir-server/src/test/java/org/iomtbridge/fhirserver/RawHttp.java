package org.iomtbridge.fhirserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: what clients that do not encode FHIR's search syntax send,
 * and requests no HTTP library would build. Each exchange closes its connection.
 */
final class RawHttp {

    record Answer(int status, String headers, String body) {

        boolean hasHeader(String name, String valuePrefix) {
            return headers.lines().anyMatch(line -> line.toLowerCase(Locale.ROOT)
                    .startsWith(name.toLowerCase(Locale.ROOT) + ": " + valuePrefix.toLowerCase(Locale.ROOT)));
        }
    }

    private RawHttp() {
    }

    /**
     * Sends the request line and headers exactly as given (plus {@code Host} and {@code Connection: close}), then the
     * body, and reads the answer until the server closes the connection.
     */
    static Answer exchange(int port, String requestLine, String headers, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    static Answer get(int port, String target, String headers) throws IOException {
        return exchange(port, "GET " + target + " HTTP/1.1", headers, new byte[0]);
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        // One char per byte, so that chunk sizes count right; the body is decoded as UTF-8 at the end.
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = text.substring(0, end);
        String body = text.substring(end + 4);
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        int status = Integer.parseInt(head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4));
        return new Answer(status, head.substring(head.indexOf("\r\n") + 2),
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
