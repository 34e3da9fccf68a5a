package org.iomtbridge.fhirserver.http;

import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * No request body larger than {@code fhir-server.max-request-size}: one that says so in {@code Content-Length} gets
 * 413 before it is read; a chunked one is cut off when it passes the limit, and HAPI answers 413.
 */
final class RequestSizeLimit extends OncePerRequestFilter {

    private final DataSize limit;

    RequestSizeLimit(DataSize limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit.toBytes()) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Bounded(request) : request, response);
    }

    private String tooLarge() {
        return "the request body is larger than " + limit.toBytes() + " bytes (fhir-server.max-request-size)";
    }

    /** A request of unknown length whose body stops being readable past the limit. */
    private final class Bounded extends HttpServletRequestWrapper {

        private ServletInputStream body;

        Bounded(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new BoundedStream(super.getInputStream());
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)));
        }
    }

    private final class BoundedStream extends ServletInputStream {

        private final ServletInputStream in;
        private long read;

        BoundedStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit.toBytes()) {
                // HAPI answers its own exceptions with their status and an OperationOutcome.
                throw new PayloadTooLargeException(tooLarge());
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
