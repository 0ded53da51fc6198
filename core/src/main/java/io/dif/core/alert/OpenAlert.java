package io.dif.core.alert;

import java.time.Instant;

/** An alert sent and not resolved yet: its key, the line it sent, and when. */
public record OpenAlert(AlertKey key, String message, Instant openedAt) {}
