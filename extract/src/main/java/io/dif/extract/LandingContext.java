package io.dif.extract;

import io.dif.core.credential.CredentialStore;
import io.dif.core.run.StopSignal;
import io.dif.core.state.CheckpointStore;
import io.dif.extract.journal.RunJournal;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.RawStore;
import java.time.Clock;

/**
 * What the readers of databases and SFTP servers share with the HTTP extraction: the raw zone,
 * the journal, the run locks, the control store's checkpoints (where their marks and landed
 * files are kept), the credentials, the clock, the progress counters and the stop signal.
 */
record LandingContext(RawStore raw, RunJournal journal, RunLocks locks,
    CheckpointStore checkpoints, CredentialStore credentials, Clock clock,
    ExtractionProgress counters, StopSignal stop) {}
