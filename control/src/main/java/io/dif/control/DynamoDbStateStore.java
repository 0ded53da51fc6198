package io.dif.control;

import static io.dif.control.DynamoDbControlTable.join;
import static io.dif.control.DynamoDbControlTable.key;
import static io.dif.control.DynamoDbControlTable.n;
import static io.dif.control.DynamoDbControlTable.number;
import static io.dif.control.DynamoDbControlTable.s;
import static io.dif.control.DynamoDbControlTable.string;

import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.InvalidTransitionException;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateConflictException;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import io.dif.core.state.TransitionRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link StateStore} on the DynamoDB control table ({@link DynamoDbTables}).
 *
 * <p>The transitions are the record: each is one item keyed by the version it creates, written
 * only if absent, so of concurrent moves from version v exactly one creates {@code v+1} and the
 * others get a {@link StateConflictException}. The document's head item (current state, indexed
 * for {@link #find}) is written after its transition and only forwards (a lower version never
 * replaces a higher one). DynamoDB Local-like servers without transactions need nothing more,
 * and a writer that stops between the two writes leaves a head one step behind, which the next
 * move of that document (or a loser of a race for it) repairs. {@link #get} and
 * {@link #history} read the transitions with strongly consistent reads; {@link #find} reads the
 * indexes, which in DynamoDB lag writes by a moment (eventually consistent).
 */
public final class DynamoDbStateStore implements StateStore {
  private static final String HEAD = "head";
  private static final String VERSION_PREFIX = "v|";
  private static final Comparator<DocumentStatus> ORDER = Comparator
      .comparing((DocumentStatus status) -> status.id().date())
      .thenComparing(status -> status.id().source())
      .thenComparing(status -> status.id().stream())
      .thenComparing(status -> status.id().runId())
      .thenComparing(status -> status.id().name());

  private final DynamoDbControlTable table;
  private final Clock clock;

  public DynamoDbStateStore(DynamoDbClient client, String table, Clock clock) {
    this.table = new DynamoDbControlTable(client, table);
    this.clock = clock;
  }

  @Override
  public DocumentStatus land(DocumentId id, Transition transition) {
    String action = "land document " + id;
    if (transition.to() != DocumentState.LANDED) {
      throw new InvalidTransitionException("Cannot " + action
          + ": a new document starts LANDED, not " + transition.to());
    }
    DocumentStatus status = status(id, transition, 1);
    try {
      if (!createTransition(id, null, status, false)) {
        throw new StateConflictException("Cannot " + action + ": it exists");
      }
      writeHead(status);
      return status;
    } catch (RuntimeException e) {
      throw table.failure(action, e);
    }
  }

  @Override
  public DocumentStatus transition(DocumentId id, long expectedVersion, Transition transition) {
    return move(id, expectedVersion, transition, false);
  }

  @Override
  public DocumentStatus reprocess(DocumentId id, long expectedVersion, Transition transition) {
    return move(id, expectedVersion, transition, true);
  }

  private DocumentStatus move(DocumentId id, long expectedVersion, Transition transition,
      boolean reprocess) {
    String action = (reprocess ? "reprocess document " : "move document ") + id + " to "
        + transition.to();
    try {
      DocumentStatus current = latest(id).orElseThrow(() ->
          new InvalidTransitionException("Cannot " + action + ": no such document"));
      StateRules.check(action, current, expectedVersion, transition, reprocess);
      DocumentStatus next = status(id, transition, current.version() + 1);
      if (!createTransition(id, current.state(), next, reprocess)) {
        // another writer made this version first; make sure its head is written, then lose
        latest(id).ifPresent(this::writeHead);
        throw StateRules.conflict(action, expectedVersion);
      }
      writeHead(next);
      return next;
    } catch (RuntimeException e) {
      throw table.failure(action, e);
    }
  }

  @Override
  public Optional<DocumentStatus> get(DocumentId id) {
    try {
      return latest(id);
    } catch (RuntimeException e) {
      throw table.failure("read document " + id, e);
    }
  }

  /**
   * Reads the index of the client's documents, or of the asked states, narrowed by date and
   * source through the sort key when given; the other conditions filter on the server.
   */
  @Override
  public List<DocumentStatus> find(DocumentQuery query) {
    List<DocumentStatus> found = new ArrayList<>();
    try {
      if (query.states().isEmpty()) {
        found.addAll(findIn(DynamoDbTables.BY_CLIENT, DynamoDbTables.DOC_CLIENT, query.client(),
            query));
      } else {
        for (DocumentState state : query.states()) {
          found.addAll(findIn(DynamoDbTables.BY_CLIENT_STATE, DynamoDbTables.DOC_CLIENT_STATE,
              join(query.client(), state.name()), query));
        }
      }
    } catch (RuntimeException e) {
      throw table.failure("find documents of client " + query.client(), e);
    }
    // an index may still show a move older than the query's conditions: check them again
    found.removeIf(status -> !query.matches(status));
    found.sort(ORDER);
    return found;
  }

  private List<DocumentStatus> findIn(String index, String partitionAttribute,
      String partition, DocumentQuery query) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#p", partitionAttribute);
    values.put(":p", s(partition));
    StringBuilder keyCondition = new StringBuilder("#p = :p");
    List<String> filters = new ArrayList<>();
    Optional<String> prefix = query.date().map(date -> join(date.toString()) + "|"
        + query.source().map(source -> join(source) + "|").orElse(""));
    if (prefix.isPresent()) {
      names.put("#o", DynamoDbTables.DOC_ORDER);
      values.put(":o", s(prefix.get()));
      keyCondition.append(" AND begins_with(#o, :o)");
    }
    if (query.source().isPresent() && query.date().isEmpty()) {
      names.put("#source", "source");
      values.put(":source", s(query.source().get()));
      filters.add("#source = :source");
    }
    query.updatedBefore().ifPresent(instant -> {
      names.put("#updated", "updatedAt");
      values.put(":updated", n(instant.toEpochMilli()));
      filters.add("#updated < :updated");
    });
    QueryRequest.Builder request = QueryRequest.builder().tableName(table.name())
        .indexName(index).keyConditionExpression(keyCondition.toString())
        .expressionAttributeNames(names).expressionAttributeValues(values);
    if (!filters.isEmpty()) {
      request.filterExpression(String.join(" AND ", filters));
    }
    List<DocumentStatus> found = new ArrayList<>();
    table.client().queryPaginator(request.build()).items()
        .forEach(item -> found.add(statusOf(documentId(item), item)));
    return found;
  }

  @Override
  public List<TransitionRecord> history(DocumentId id) {
    try {
      List<TransitionRecord> history = new ArrayList<>();
      table.client().queryPaginator(transitions(id).build()).items().forEach(item -> {
        DocumentStatus status = statusOf(id, item);
        String from = string(item, "fromState");
        history.add(new TransitionRecord(id, from == null ? null : DocumentState.valueOf(from),
            status.state(), status.updatedAt(), status.runId(), status.stage(), status.rows(),
            status.error(), item.get("reprocess").bool()));
      });
      return history;
    } catch (RuntimeException e) {
      throw table.failure("read history of document " + id, e);
    }
  }

  /** The document's last transition, which holds its current status. */
  private Optional<DocumentStatus> latest(DocumentId id) {
    List<Map<String, AttributeValue>> items = table.client()
        .query(transitions(id).scanIndexForward(false).limit(1).build()).items();
    return items.isEmpty() ? Optional.empty() : Optional.of(statusOf(id, items.get(0)));
  }

  private QueryRequest.Builder transitions(DocumentId id) {
    return QueryRequest.builder().tableName(table.name()).consistentRead(true)
        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :v)")
        .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK, "#sk", DynamoDbTables.SK))
        .expressionAttributeValues(Map.of(":pk", s(partition(id)), ":v", s(VERSION_PREFIX)));
  }

  /** Writes the transition that creates {@code to.version()}; false if it exists. */
  private boolean createTransition(DocumentId id, DocumentState from, DocumentStatus to,
      boolean reprocess) {
    Map<String, AttributeValue> item = new HashMap<>(key(partition(id),
        VERSION_PREFIX + String.format("%020d", to.version())));
    putStatus(item, to);
    if (from != null) {
      item.put("fromState", s(from.name()));
    }
    item.put("reprocess", AttributeValue.fromBool(reprocess));
    try {
      table.client().putItem(request -> request.tableName(table.name()).item(item)
          .conditionExpression("attribute_not_exists(#pk)")
          .expressionAttributeNames(Map.of("#pk", DynamoDbTables.PK)));
      return true;
    } catch (ConditionalCheckFailedException taken) {
      return false;
    }
  }

  /** Writes the head item unless it already shows this or a later version. */
  private void writeHead(DocumentStatus status) {
    DocumentId id = status.id();
    Map<String, AttributeValue> item = new HashMap<>(key(partition(id), HEAD));
    putStatus(item, status);
    item.put("client", s(id.client()));
    item.put("source", s(id.source()));
    item.put("stream", s(id.stream()));
    item.put("dataDate", s(id.date().toString()));
    item.put("docRunId", s(id.runId()));
    item.put("name", s(id.name()));
    item.put(DynamoDbTables.DOC_CLIENT, s(id.client()));
    item.put(DynamoDbTables.DOC_CLIENT_STATE, s(join(id.client(), status.state().name())));
    item.put(DynamoDbTables.DOC_ORDER, s(join(id.date().toString(), id.source(), id.stream(),
        id.runId(), id.name())));
    try {
      table.client().putItem(request -> request.tableName(table.name()).item(item)
          .conditionExpression("attribute_not_exists(#version) OR #version < :version")
          .expressionAttributeNames(Map.of("#version", "version"))
          .expressionAttributeValues(Map.of(":version", n(status.version()))));
    } catch (ConditionalCheckFailedException newer) {
      // a later move already wrote its head
    }
  }

  private static void putStatus(Map<String, AttributeValue> item, DocumentStatus status) {
    item.put("state", s(status.state().name()));
    item.put("version", n(status.version()));
    item.put("updatedAt", n(status.updatedAt().toEpochMilli()));
    item.put("runId", s(status.runId()));
    item.put("stage", s(status.stage()));
    item.put("rowsRead", n(status.rows().read()));
    item.put("rowsWritten", n(status.rows().written()));
    item.put("rowsQuarantined", n(status.rows().quarantined()));
    if (status.error() != null) {
      item.put("error", s(status.error()));
    }
  }

  private static DocumentStatus statusOf(DocumentId id, Map<String, AttributeValue> item) {
    return new DocumentStatus(id, DocumentState.valueOf(string(item, "state")),
        number(item, "version"), Instant.ofEpochMilli(number(item, "updatedAt")),
        string(item, "runId"), string(item, "stage"), new RowCounts(number(item, "rowsRead"),
            number(item, "rowsWritten"), number(item, "rowsQuarantined")),
        string(item, "error"));
  }

  private static DocumentId documentId(Map<String, AttributeValue> head) {
    return new DocumentId(string(head, "client"), string(head, "source"),
        string(head, "stream"), LocalDate.parse(string(head, "dataDate")),
        string(head, "docRunId"), string(head, "name"));
  }

  private static String partition(DocumentId id) {
    return "doc|" + join(id.client(), id.source(), id.stream(), id.date().toString(),
        id.runId(), id.name());
  }

  private DocumentStatus status(DocumentId id, Transition transition, long version) {
    return new DocumentStatus(id, transition.to(), version, clock.instant(), transition.runId(),
        transition.stage(), transition.rows(), transition.error());
  }
}
