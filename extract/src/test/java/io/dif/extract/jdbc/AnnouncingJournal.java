package io.dif.extract.jdbc;

import io.dif.extract.journal.RunJournal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Prints "LANDED {run} {file}" once the journal took a page, for a test to kill the worker. */
record AnnouncingJournal(RunJournal journal) implements RunJournal {
  @Override
  public Optional<String> committedRun(RunKey run) {
    return journal.committedRun(run);
  }

  @Override
  public Optional<OpenRun> openRun(RunKey run, Collection<String> partitions) {
    return journal.openRun(run, partitions);
  }

  @Override
  public void runStarted(RunKey run, String runId, long fencingToken) {
    journal.runStarted(run, runId, fencingToken);
  }

  @Override
  public void pageLanded(RunKey run, LandedPage page) {
    journal.pageLanded(run, page);
    System.out.println("LANDED " + run + " " + page.file());
    System.out.flush();
  }

  @Override
  public void positionSaved(RunKey run, String runId, long fencingToken, String partition,
      int pagesLanded, Map<String, String> position) {
    journal.positionSaved(run, runId, fencingToken, partition, pagesLanded, position);
  }

  @Override
  public void pageDropped(RunKey run, String runId, String file) {
    journal.pageDropped(run, runId, file);
  }

  @Override
  public void runCommitted(RunKey run, String runId, long fencingToken,
      Collection<String> partitions) {
    journal.runCommitted(run, runId, fencingToken, partitions);
  }
}
