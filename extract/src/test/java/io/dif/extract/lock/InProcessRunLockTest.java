package io.dif.extract.lock;

import io.dif.core.state.FencingTokens;
import java.time.Duration;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class InProcessRunLockTest extends RunLockContractTest {
  @Override
  protected RunLocks locks(FencingTokens tokens, Duration wait) {
    return new InProcessRunLocks(tokens);
  }

  @Override
  protected RunLocks sameLocksElsewhere(RunLocks first, FencingTokens tokens, Duration wait) {
    return first;
  }

  @Override
  protected String holderPrefix() {
    return "another run (in this process)";
  }

  @Override
  @Test
  @Disabled("in-process locks do not wait: they are for tests and embedding only")
  void aWaitingRunTakesTheLockWhenTheHolderReleasesIt() {}
}
