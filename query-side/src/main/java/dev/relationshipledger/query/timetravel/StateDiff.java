package dev.relationshipledger.query.timetravel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.relationshipledger.kernel.json.LedgerJson;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field-level differences between two views of a relationship, as JSON paths ({@code summary.status},
 * {@code complaints.<id>.status}). Bookkeeping fields (positions, recorded times) are left out: they change with
 * every event and say nothing a reader needs.
 */
public final class StateDiff {

    private static final ObjectMapper JSON = LedgerJson.newMapper();
    private static final Set<String> IGNORED = Set.of("summary.lastPosition", "summary.lastRecordedAt");

    private StateDiff() {
    }

    /** One changed field: its path, and its value before and after (JSON; null when absent). */
    public record FieldChange(String field, JsonNode before, JsonNode after) {
    }

    public static List<FieldChange> between(RelationshipView before, RelationshipView after) {
        List<FieldChange> changes = new ArrayList<>();
        walk("", before == null ? NullNode.getInstance() : JSON.valueToTree(before),
                after == null ? NullNode.getInstance() : JSON.valueToTree(after), changes);
        return changes;
    }

    private static void walk(String path, JsonNode before, JsonNode after, List<FieldChange> changes) {
        if (IGNORED.contains(path)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> names = new TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(path.isEmpty() ? name : path + "." + name, orNull(before.get(name)), orNull(after.get(name)), changes);
            }
            return;
        }
        if (before.isObject() && after.isNull() || before.isNull() && after.isObject()) {
            JsonNode present = before.isObject() ? before : after;
            for (Iterator<String> it = present.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                walk(path.isEmpty() ? name : path + "." + name, before.isObject() ? present.get(name) : NullNode.getInstance(),
                        after.isObject() ? present.get(name) : NullNode.getInstance(), changes);
            }
            return;
        }
        if (!before.equals(after)) {
            changes.add(new FieldChange(path, before, after));
        }
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }
}
