package io.dif.load;

/**
 * What a load did.
 *
 * @param table the target table
 * @param batchRows rows in the batch after de-duplication on the key
 * @param deletedRows rows of the table replaced by the batch
 * @param tableRows rows of this client in the table after the load
 */
public record LoadResult(String table, long batchRows, long deletedRows, long tableRows) {}
