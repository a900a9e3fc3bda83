package dev.rolematch.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The request-size limit, counted on the bytes as they are read. A Content-Length over the limit is
 * refused before any byte is read ({@link RoleServer}'s guard); a body without one (chunked
 * transfer encoding) is counted here, and reading byte {@code limit + 1} throws {@link TooLarge},
 * which the server answers with 413. Whatever reads the body (Javalin's {@code ctx.body()}, a
 * reader) reads it through this stream, so no more than the limit is ever buffered for a request.
 * Multipart uploads are read by Jetty's own parser, which enforces its own limits (see {@link
 * RoleServer}).
 */
final class BodyLimit implements Filter {

  /** Reading past the limit; a 413 for the client. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("request body too large: more than " + limit + " bytes", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private final long limit;

  BodyLimit(long limit) {
    this.limit = limit;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http) {
      chain.doFilter(new Limited(http, limit), response);
    } else {
      chain.doFilter(request, response);
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private CountingStream stream;
    private BufferedReader reader;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public synchronized BufferedReader getReader() throws IOException {
      if (reader == null) {
        String enc = getCharacterEncoding();
        Charset cs = StandardCharsets.UTF_8;
        if (enc != null) {
          try {
            cs = Charset.forName(enc);
          } catch (RuntimeException e) {
            // unknown charset: UTF-8, as the JSON endpoints expect
          }
        }
        reader = new BufferedReader(new InputStreamReader(getInputStream(), cs));
      }
      return reader;
    }
  }

  /** Counts bytes read and fails once past the limit. */
  static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long count;

    CountingStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    private int counted(int n) throws TooLarge {
      if (n > 0) {
        count += n;
        if (count > limit) {
          throw new TooLarge(limit);
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      if (count >= limit) {
        // One more byte would be over: read it to see whether the body ends here.
        int b = in.read();
        if (b >= 0) {
          throw new TooLarge(limit);
        }
        return b;
      }
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      // Never more than one byte past the limit is taken from the connection.
      long room = limit - count;
      int want = (int) Math.min(len, Math.max(1, room + 1));
      return counted(in.read(buf, off, want));
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
