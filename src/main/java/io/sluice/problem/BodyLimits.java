package io.sluice.problem;

import java.io.IOException;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Request bodies beyond {@code sluice.api.max-body-size} are refused (413) as they are read, whether
 * they declare their length or come chunked, and so is a body still arriving after
 * {@code sluice.api.body-read-timeout} (408): Tomcat's connection timeout bounds each wait for a byte,
 * not the whole body, so a byte a second would hold a thread forever. The read fails inside the JSON
 * parser and the exception handler answers it, so it is a problem response like any other. Registered
 * by {@link WebConfiguration} (not a component: controller slice tests would pick it up without its properties).
 */
class BodyLimits extends OncePerRequestFilter {

    @ConfigurationProperties("sluice.api")
    record Properties(@DefaultValue("10MB") DataSize maxBodySize, @DefaultValue("30s") Duration bodyReadTimeout) {
    }

    /** Thrown from the body's stream once reading it takes longer than allowed. */
    static final class BodyTooSlowException extends IOException {
        BodyTooSlowException(Duration timeout) {
            super("the request body was not received within " + timeout.toSeconds() + " s (sluice.api.body-read-timeout)");
        }
    }

    /** Thrown from the body's stream once it passes the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("the request body is larger than " + limit + " bytes (sluice.api.max-body-size)");
        }
    }

    private final long limit;
    private final Duration timeout;

    BodyLimits(Properties properties) {
        this.limit = properties.maxBodySize().toBytes();
        this.timeout = properties.bodyReadTimeout();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() throws IOException {
                return new Limited(super.getInputStream(), limit, request.getContentLengthLong(), timeout);
            }
        }, response);
    }

    private static final class Limited extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final long declared;
        private final Duration timeout;
        private final long deadline;
        private long read;

        Limited(ServletInputStream in, long limit, long declared, Duration timeout) {
            this.in = in;
            this.limit = limit;
            this.declared = declared;
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = in.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                check(n);
            }
            return n;
        }

        private void check(int more) throws IOException {
            read += more;
            if (declared > limit || read > limit) {
                throw new BodyTooLargeException(limit);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BodyTooSlowException(timeout);
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
