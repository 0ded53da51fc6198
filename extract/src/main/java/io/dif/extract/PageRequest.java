package io.dif.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;

/**
 * One page's request before headers and auth: the URL and, for POST requests with a body, the
 * rendered JSON body. Paginators derive the next page's request from it.
 *
 * @param body the JSON body, or null for a request without one
 */
record PageRequest(HttpUrl url, ObjectNode body) {

  PageRequest withUrl(HttpUrl next) {
    return new PageRequest(next, body);
  }

  PageRequest withQueryParameter(String name, String value) {
    return withUrl(url.newBuilder().setQueryParameter(name, value).build());
  }

  /** A copy with one top-level body field set (the request's own body is never changed). */
  PageRequest withBodyField(String name, JsonNode value) {
    ObjectNode copy = body == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
        .objectNode() : body.deepCopy();
    copy.set(name, value);
    return new PageRequest(url, copy);
  }
}
