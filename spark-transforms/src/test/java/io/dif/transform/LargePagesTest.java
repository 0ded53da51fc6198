package io.dif.transform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 60 MB CSV page and a 60 MB JSON page, inside the archive limits, transform in a JVM with a
 * small heap (512 MiB: Spark's local mode needs 450 MiB, and any machine's default heap that
 * runs Spark is larger): pages are parsed as streams, never held whole. The pages are written
 * as streams from a seeded random into {@code target/} (never committed) and transformed by a
 * child JVM ({@link TestingLargePageTransform}); every row is curated or quarantined.
 */
class LargePagesTest {
  private static final long PAGE_BYTES = 60_000_000;
  /** Every this many rows, clicks is not a number: the row is quarantined. */
  private static final int BAD_EVERY = 7919;
  private static final String HEAP = "-Xmx512m";

  private Path root;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(Path.of("target"));
    root = Files.createTempDirectory(Path.of("target"), "large-pages-");
  }

  @AfterEach
  void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Test
  void sixtyMegabytePagesTransformWithASmallHeap() throws Exception {
    ZoneLayout zones = new ZoneLayout(root.toString());
    LocalDate dt = LocalDate.parse("2024-01-01");
    String run = "20240102T060000Z-0001";
    Rows csv = new Rows(PAGE_BYTES, 42);
    new TestingRawZone(zones, "acme", "exports", "csv").run(dt, run)
        .streamed("csv", 0, csv::writeCsv).commit();
    Rows json = new Rows(PAGE_BYTES, 43);
    json.count();
    new TestingRawZone(zones, "acme", "exports", "json").run(dt, run)
        .streamed("json", json.rows, json::writeJson).commit();
    assertThat(Files.size(Path.of(zones.rawRun("acme", "exports", "json", dt, run))
        .resolve(ZoneLayout.pageName(0, "json")))).isGreaterThan(PAGE_BYTES);

    List<String> output = transformInChild("csv", "json");

    assertThat(output).containsExactly(
        "RESULT csv " + csv.rows + " " + (csv.rows - csv.bad) + " " + csv.bad,
        "RESULT json " + json.rows + " " + (json.rows - json.bad) + " " + json.bad);
  }

  private List<String> transformInChild(String... datasets) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP));
    // Spark needs the module openings the test JVM was given (the parent POM's argLine)
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-")).forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        TestingLargePageTransform.class.getName(), root.toString()));
    command.addAll(List.of(datasets));
    Path log = root.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly().waitFor();
      throw new AssertionError("the transform did not end in 5 minutes:\n" + tail(log));
    }
    assertThat(child.exitValue()).as("exit code of the transform; its log ends:\n%s", tail(log))
        .isZero();
    return Files.readAllLines(log, UTF_8).stream().filter(line -> line.startsWith("RESULT "))
        .toList();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Seeded rows of about 200 bytes, written until a page holds {@code bytes}. */
  private static final class Rows {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz     ";
    private final long bytes;
    private final long seed;
    long rows;
    long bad;

    Rows(long bytes, long seed) {
      this.bytes = bytes;
      this.seed = seed;
    }

    /** Counts the rows a page will hold (the JSON page's manifest lists its records). */
    void count() throws IOException {
      writeJson(OutputStream.nullOutputStream());
    }

    void writeCsv(OutputStream out) throws IOException {
      write(out, true);
    }

    void writeJson(OutputStream out) throws IOException {
      write(out, false);
    }

    private void write(OutputStream out, boolean csv) throws IOException {
      Random random = new Random(seed);
      byte[] start = (csv ? "id,day,campaign,clicks,spend,note\n" : "{\"data\":[")
          .getBytes(UTF_8);
      out.write(start);
      long written = start.length;
      rows = 0;
      bad = 0;
      StringBuilder note = new StringBuilder();
      while (written < bytes) {
        rows++;
        boolean broken = rows % BAD_EVERY == 0;
        bad += broken ? 1 : 0;
        String clicks = broken ? "n/a" : Integer.toString(random.nextInt(10_000));
        String spend = random.nextInt(100_000) + "." + (10 + random.nextInt(90));
        note.setLength(0);
        for (int i = 0; i < 140; i++) {
          note.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        String campaign = "campaign-" + random.nextInt(500);
        String row = csv
            ? rows + ",2024-01-01," + campaign + "," + clicks + "," + spend + "," + note + "\n"
            : (rows > 1 ? "," : "") + "{\"id\":\"" + rows + "\",\"day\":\"2024-01-01\","
                + "\"campaign\":\"" + campaign + "\",\"clicks\":\"" + clicks + "\",\"spend\":"
                + spend + ",\"note\":\"" + note + "\"}";
        byte[] line = row.getBytes(UTF_8);
        out.write(line);
        written += line.length;
      }
      if (!csv) {
        out.write("],\"paging\":{\"cursors\":{\"after\":\"MjQZD\"}}}".getBytes(UTF_8));
      }
    }
  }
}
