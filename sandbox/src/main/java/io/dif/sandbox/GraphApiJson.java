package io.dif.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Response bodies as the Graph API writes them: numbers as strings, fields in a fixed order (so
 * that equal data gives byte-identical bodies), times as {@code 2023-11-02T10:15:00+0000}.
 */
final class GraphApiJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

  private GraphApiJson() {}

  static ObjectNode campaign(Campaign campaign) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", campaign.id());
    node.put("name", campaign.name());
    node.put("status", campaign.status());
    node.put("objective", campaign.objective());
    node.put("daily_budget", campaign.dailyBudget().toPlainString());
    node.put("created_time", GRAPH_TIME.format(campaign.createdTime()));
    return node;
  }

  static ObjectNode insight(AdInsight insight) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("campaign_id", insight.campaignId());
    node.put("ad_id", insight.adId());
    node.put("ad_name", insight.adName());
    node.put("date_start", insight.date().toString());
    node.put("date_stop", insight.date().toString());
    node.put("impressions", Long.toString(insight.impressions()));
    node.put("clicks", Long.toString(insight.clicks()));
    node.put("spend", insight.spend().toPlainString());
    node.put("currency", insight.currency());
    return node;
  }

  /** A lead as Meta's leads endpoint serves it: the form's answers in {@code field_data}. */
  static ObjectNode lead(Lead lead) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("created_time", GRAPH_TIME.format(lead.createdTime()));
    node.put("id", lead.id());
    node.put("ad_id", lead.adId());
    node.put("campaign_id", lead.campaignId());
    node.put("form_id", lead.formId());
    ArrayNode fields = node.putArray("field_data");
    fields.addObject().put("name", "full_name").putArray("values").add(lead.fullName());
    fields.addObject().put("name", "email").putArray("values").add(lead.email());
    fields.addObject().put("name", "phone_number").putArray("values").add(lead.phoneNumber());
    return node;
  }

  /**
   * One page of rows. A page with rows carries {@code paging.cursors} and, unless it is the last
   * page, {@code paging.next}; an empty page is only {@code {"data":[]}}, as in the Graph API.
   */
  static byte[] page(List<ObjectNode> rows, long firstRow, Optional<String> nextUrl) {
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode data = body.putArray("data");
    rows.forEach(data::add);
    if (!rows.isEmpty()) {
      ObjectNode paging = body.putObject("paging");
      ObjectNode cursors = paging.putObject("cursors");
      cursors.put("before", PageCursors.encode(firstRow));
      cursors.put("after", PageCursors.encode(firstRow + rows.size() - 1));
      nextUrl.ifPresent(url -> paging.put("next", url));
    }
    return write(body);
  }

  static byte[] error(GraphApiError error) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode details = body.putObject("error");
    details.put("message", error.getMessage());
    details.put("type", error.type());
    details.put("code", error.code());
    return write(body);
  }

  private static byte[] write(ObjectNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException impossible) {
      // A tree of strings and numbers always serializes.
      throw new UncheckedIOException("Cannot write sandbox response body", impossible);
    }
  }
}
