package io.dif.core.config;

/** The databases a {@code jdbc} source can read, each with its JDBC driver. */
public enum JdbcDriver {
  /** PostgreSQL (and servers that speak its protocol), driver org.postgresql. */
  POSTGRES,
  /** MySQL (and MariaDB in MySQL mode), driver com.mysql:mysql-connector-j. */
  MYSQL
}
