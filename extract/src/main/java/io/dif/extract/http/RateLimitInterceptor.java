package io.dif.extract.http;

import io.dif.extract.limit.RateLimiter;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Makes every attempt of every request to one source wait for its scope's {@link RateLimiter}
 * (rate and requests in flight; in process or shared through Redis). The request's slot is held
 * until its body is closed, so a body still streaming counts as in flight.
 */
final class RateLimitInterceptor implements Interceptor {
  private final RateLimiter limiter;

  RateLimitInterceptor(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    RateLimiter.Permit permit = limiter.acquire();
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (IOException | RuntimeException e) {
      permit.close();
      throw e;
    }
    ResponseBody body = response.body();
    if (body == null) {
      permit.close();
      return response;
    }
    BufferedSource releasing = Okio.buffer(new ForwardingSource(body.source()) {
      private boolean closed;

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          if (!closed) {
            closed = true;
            permit.close();
          }
        }
      }
    });
    return response.newBuilder()
        .body(ResponseBody.create(releasing, body.contentType(), body.contentLength()))
        .build();
  }
}
