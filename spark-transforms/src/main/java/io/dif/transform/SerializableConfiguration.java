package io.dif.transform;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * A Hadoop configuration that ships to executors with a function, so that they open raw pages
 * (local or {@code s3a://}) with the driver's file system settings.
 */
final class SerializableConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient Configuration value;

  SerializableConfiguration(Configuration value) {
    this.value = value;
  }

  Configuration value() {
    return value;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    value.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    value = new Configuration(false);
    value.readFields(in);
  }
}
