package io.dif.core.zone;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;

/**
 * The SQLite driver as the local Iceberg catalog uses it ({@code jdbc:dif-sqlite:FILE}): the
 * same connections, except that result sets of {@link DatabaseMetaData} are read whole and
 * closed at once. Iceberg's JDBC catalog leaves the result sets of its start-up checks open; on
 * SQLite an open statement keeps a read transaction, which either blocks every commit of other
 * connections (rollback journal) or keeps that connection on an old state of the catalog
 * forever (WAL), so a process would not see tables another process created.
 */
public final class SqliteCatalogDriver implements Driver {
  static final String PREFIX = "jdbc:dif-sqlite:";

  static {
    try {
      DriverManager.registerDriver(new SqliteCatalogDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Registers the driver (the service file does it too, where services are read). */
  public static void register() {
    // the static initializer has run
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Connection connection = DriverManager.getConnection("jdbc:sqlite:"
        + url.substring(PREFIX.length()), info);
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          Object result = invoke(connection, method, args);
          if (result instanceof DatabaseMetaData metaData) {
            return closingMetaData(metaData, (Connection) proxy);
          }
          return result;
        });
  }

  private static DatabaseMetaData closingMetaData(DatabaseMetaData metaData,
      Connection connection) {
    return (DatabaseMetaData) Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            return connection;
          }
          Object result = invoke(metaData, method, args);
          if (result instanceof ResultSet rows) {
            try (rows) {
              CachedRowSet cached = RowSetProvider.newFactory().createCachedRowSet();
              cached.populate(rows);
              return cached;
            }
          }
          return result;
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
