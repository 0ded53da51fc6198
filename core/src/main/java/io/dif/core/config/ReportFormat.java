package io.dif.core.config;

/** The format of a report's content (inside any gzip or zip). */
public enum ReportFormat {
  JSON,
  CSV
}
