package io.vectorlake.flink;

import java.io.Serializable;

/**
 * A row the collection schema rejected, as sent to the sink's side output.
 *
 * @param primaryKey the row's key as given, or null when it had none (an auto-id insert, or the
 *     key itself was missing)
 * @param reason the validator's message: the field, the rule and the value
 * @param row the rejected element, as text
 */
public record RejectedRow(String collection, Object primaryKey, String reason, String row)
    implements Serializable {}
