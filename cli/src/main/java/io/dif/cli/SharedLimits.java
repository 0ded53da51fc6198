package io.dif.cli;

import io.dif.pipeline.ProfileKey;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Rate limits and run locks. Run locks hold across the processes of this machine by default
 * (OS file locks in {@code <data-dir>/locks}) and across machines through Redis when a Redis URL
 * is given; either way their fencing tokens come from the control store. With Redis configured
 * and unreachable the run fails (retriable); it never falls back to an unshared limit that N
 * workers would multiply.
 */
final class SharedLimits {
  @Option(names = "--redis-url", paramLabel = "URL", defaultValue = "${env:DIF_REDIS_URL}",
      description = "Redis shared by all extractor workers for rate limits and run locks, e.g."
          + " redis://host:6379 (env DIF_REDIS_URL); without it, rate limits are per process and"
          + " run locks hold across the processes of this machine.")
  String redisUrl;

  @Option(names = "--redis-url-secret", paramLabel = "ARN",
      defaultValue = "${env:DIF_REDIS_URL_SECRET}",
      description = "AWS Secrets Manager secret whose value is the Redis URL"
          + " (env DIF_REDIS_URL_SECRET).")
  String redisUrlSecret;

  @Option(names = "--lock-lease", paramLabel = "DURATION",
      defaultValue = "${env:DIF_LOCK_LEASE}",
      description = "How long a run lock held in Redis outlives a worker that was killed, as an"
          + " ISO-8601 duration of at least PT3S (default PT60S; env DIF_LOCK_LEASE).")
  String lockLease;

  @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "PT0S",
      description = "How long to wait for another run of the same stream (or client, or"
          + " warehouse) to finish before exiting 75, as an ISO-8601 duration such as PT30S"
          + " (default: ${DEFAULT-VALUE}: fail at once, a scheduler retries on 75).")
  Duration lockWait;

  void addTo(Map<ProfileKey, String> profile) {
    profile.put(ProfileKey.REDIS_URL, redisUrl);
    profile.put(ProfileKey.REDIS_URL_SECRET, redisUrlSecret);
    profile.put(ProfileKey.LOCK_LEASE, lockLease);
  }
}
