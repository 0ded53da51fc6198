package io.dif.core.config;

/** Format of the raw pages a dataset is read from. */
public enum DataFormat {
  JSON
}
