package io.dif.extract.limit;

class InProcessRateLimiterTest extends RateLimiterContractTest {
  @Override
  protected RateLimiters limiters() {
    return RateLimiters.inProcess();
  }

  @Override
  protected RateLimiters sameBudgetElsewhere(RateLimiters first) {
    return first;
  }
}
