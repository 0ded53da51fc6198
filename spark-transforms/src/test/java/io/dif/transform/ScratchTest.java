package io.dif.transform;

import java.nio.file.*;
import java.util.*;
import org.apache.spark.sql.*;
import org.apache.spark.sql.types.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.apache.spark.sql.functions.*;

class ScratchTest {
  @TempDir Path dir;
  @Test void scratch() throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", false)
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    Path p = dir.resolve("dt=2024-01-01/run=r1");
    Files.createDirectories(p);
    Files.writeString(p.resolve("page-00000.json"), "{\"data\":[{\"a\":78.9100,\"b\":\" x \",\"n\":{\"c\":1e3}},\n {\"a\":\"78.9100\",\"b\":null}, \"str\", null, 12345678901234567890.123456789],\n \"paging\":{}}");
    Files.writeString(p.resolve("page-00001.json"), "{\"data\": not json");
    Files.writeString(p.resolve("page-00002.json"), "{\"other\": 1}");
    Files.writeString(p.resolve("page-00003.json"), "{\"data\": {\"x\":1}}");
    Files.writeString(p.resolve("page-00004.json"), "[{\"a\":1},{\"a\":2}]");
    Dataset<Row> pages = spark.read().option("wholetext", true).text(p.toString() + "/page-0000[0-4].json")
      .select(col("value"), col("_metadata.file_path").as("path"), col("_metadata.file_name").as("name"));
    pages.printSchema();
    StructType schema = new StructType().add("data", DataTypes.createArrayType(DataTypes.StringType)).add("_corrupt_record", DataTypes.StringType);
    Dataset<Row> parsed = pages.select(col("name"), col("path"), from_json(col("value"), schema, Map.of("columnNameOfCorruptRecord", "_corrupt_record", "mode", "PERMISSIVE")).as("page"));
    parsed.show(false);
    Dataset<Row> wrapped = pages.select(col("name"), from_json(concat(lit("{\"r\":"), col("value"), lit("}")), new StructType().add("r", DataTypes.createArrayType(DataTypes.StringType)).add("_corrupt_record", DataTypes.StringType), Map.of("columnNameOfCorruptRecord", "_corrupt_record")).as("page"));
    wrapped.show(false);
    Dataset<Row> recs = parsed.select(col("name"), posexplode(col("page.data")));
    StructType rs = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType).add("n", new StructType().add("c", DataTypes.StringType));
    recs.select(col("name"), col("pos"), col("col"), from_json(col("col"), rs).as("r")).select(col("name"), col("pos"), col("col"), col("r"), col("r").isNull(), col("r.a"), trim(col("r.b"))).show(false);
    spark.sql("select try_cast('12.5' as int), try_cast(' 12 ' as bigint), try_cast('78.91005' as decimal(18,4)), try_cast('1e3' as decimal(18,4)), try_cast('2024-01-01T10:00:00+0000' as timestamp), try_cast('2024-01-01T10:00:00' as timestamp), try_cast('2024-01-01Z' as timestamp), try_cast('2024-02-30' as date), try_cast('2024-01-01T10:00:00.123456789+02:00' as timestamp), try_cast('yes' as boolean)").show(false);
  }
}
