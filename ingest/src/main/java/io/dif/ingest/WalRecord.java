package io.dif.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * One accepted request in the write-ahead log: a header (request id, data date, idempotency
 * key and the answer given) and its events, framed as {@code magic, length, crc32c, payload} so
 * a torn write at the end of a segment is recognized and dropped (it was never acknowledged).
 */
record WalRecord(String requestId, LocalDate dt, Optional<String> idempotencyKey, String answer,
    List<byte[]> events) {
  private static final int MAGIC = 0x44494657; // "DIFW"
  private static final ObjectMapper JSON = new ObjectMapper();

  byte[] encode() {
    ObjectNode header = JSON.createObjectNode().put("request_id", requestId)
        .put("dt", dt.toString()).put("answer", answer).put("events", events.size());
    idempotencyKey.ifPresent(key -> header.put("idempotency_key", key));
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.writeBytes(header.toString().getBytes(StandardCharsets.UTF_8));
    payload.write('\n');
    for (byte[] event : events) {
      payload.writeBytes(event);
      payload.write('\n');
    }
    byte[] body = payload.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer framed = ByteBuffer.allocate(16 + body.length);
    framed.putInt(MAGIC).putInt(body.length).putLong(crc.getValue()).put(body);
    return framed.array();
  }

  /** The complete records of a segment, in order; reading stops at a torn or damaged one. */
  static List<WalRecord> readAll(InputStream in) throws IOException {
    List<WalRecord> records = new ArrayList<>();
    DataInputStream data = new DataInputStream(in);
    while (true) {
      int magic;
      try {
        magic = data.readInt();
      } catch (EOFException end) {
        return records;
      }
      try {
        int length = data.readInt();
        long expected = data.readLong();
        if (magic != MAGIC || length < 0) {
          return records;
        }
        byte[] body = data.readNBytes(length);
        CRC32C crc = new CRC32C();
        crc.update(body);
        if (body.length != length || crc.getValue() != expected) {
          return records;
        }
        records.add(decode(body));
      } catch (EOFException torn) {
        return records;
      }
    }
  }

  private static WalRecord decode(byte[] body) throws IOException {
    int newline = indexOf(body, 0);
    JsonNode header = JSON.readTree(new String(body, 0, newline, StandardCharsets.UTF_8));
    List<byte[]> events = new ArrayList<>();
    int start = newline + 1;
    while (start < body.length) {
      int end = indexOf(body, start);
      byte[] event = new byte[end - start];
      System.arraycopy(body, start, event, 0, event.length);
      events.add(event);
      start = end + 1;
    }
    return new WalRecord(header.get("request_id").asText(),
        LocalDate.parse(header.get("dt").asText()),
        Optional.ofNullable(header.get("idempotency_key")).map(JsonNode::asText),
        header.get("answer").asText(), events);
  }

  private static int indexOf(byte[] body, int from) {
    for (int i = from; i < body.length; i++) {
      if (body[i] == '\n') {
        return i;
      }
    }
    return body.length;
  }
}
