package io.dif.transform;

import java.time.LocalDate;

/**
 * What became of the rows of one raw document (page) a transform read: what the state keeper
 * records as the document's move to CURATED or QUARANTINED. Every page a manifest lists has
 * one, also a page without records (all counts zero), and
 * {@code rowsRead == rowsCurated + rowsQuarantined + duplicatesRemoved}.
 *
 * @param source the source of the raw stream
 * @param stream the raw stream
 * @param dt data date of the page's run folder
 * @param runId the raw run the page belongs to
 * @param page the page file, relative to its run folder (as its manifest names it)
 * @param rowsRead rows read from the page: one per record, or one for an unreadable page
 * @param rowsCurated rows of the page written to the curated zone
 * @param rowsQuarantined rows of the page written to the quarantine zone
 * @param duplicatesRemoved good rows of the page a later row with the same key replaced
 */
public record DocumentOutcome(String source, String stream, LocalDate dt, String runId,
    String page, long rowsRead, long rowsCurated, long rowsQuarantined,
    long duplicatesRemoved) {}
