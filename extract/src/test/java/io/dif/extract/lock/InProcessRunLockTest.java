package io.dif.extract.lock;

class InProcessRunLockTest extends RunLockContractTest {
  @Override
  protected RunLocks locks() {
    return RunLocks.inProcess();
  }

  @Override
  protected RunLocks sameLocksElsewhere(RunLocks first) {
    return first;
  }
}
