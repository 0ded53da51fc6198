package io.dif.extract.lock;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;

/** What a lock name says about the work it guards, for messages. */
final class LockNames {
  private LockNames() {}

  /**
   * "Cannot extract acme.meta.insights: it is being extracted by pid 42 since T (lock F)" for
   * the lock {@code extract:acme.meta.insights} held by "pid 42 since T".
   */
  static RetriableException busy(String name, String holder, String where) {
    int colon = name.indexOf(':');
    String verb = colon < 0 ? "run" : name.substring(0, colon);
    String subject = colon < 0 ? name : name.substring(colon + 1);
    String done = verb.equals("run") ? "run" : verb.endsWith("e") ? verb + "d" : verb + "ed";
    return new RetriableException(ErrorCode.RUN_LOCKED, "Cannot " + verb + " " + subject
        + ": it is being " + done + " by " + holder + " (" + where + ")", null);
  }

  static RunFencedException fenced(String name, long token, String reason) {
    return new RunFencedException("Cannot commit run of " + name + ": its lock (fencing token "
        + token + ") " + reason);
  }

  /** Fenced if a token newer than {@code token} was issued for the lock. */
  static void checkNewest(String name, long token, long current) {
    if (current != token) {
      throw fenced(name, token, "was taken over: fencing token " + current
          + " was issued since");
    }
  }
}
