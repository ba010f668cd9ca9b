package io.mflow.embeddedstore;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a filter that pins {@code _id} to known values, as a query the {@code _id} index answers by itself:
 * {@code {_id: v}} for {@code _id: v} or {@code _id: {$eq: v}}, {@code {_id: {$in: [...]}}} for {@code _id: {$in:
 * [...]}}, found at the top of the filter or in a clause of a top-level {@code $and} (the shape the Java driver's
 * {@code Filters.and} renders). Every document the whole filter matches is among the ones this query finds.
 */
final class IdLookup {

    private static final String ID = "_id";

    private IdLookup() {
    }

    static Optional<Document> of(Document filter) {
        if (filter.containsKey(ID)) {
            Optional<Object> condition = condition(filter.get(ID));
            if (condition.isPresent()) {
                return Optional.of(new Document(ID, condition.get()));
            }
        }
        if (filter.get("$and") instanceof Collection<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document document) {
                    Optional<Document> found = of(document);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Object> condition(Object value) {
        if (isPlainValue(value)) {
            return Optional.of(value);
        }
        if (value instanceof Document operator && operator.size() == 1) {
            Object operand = operator.get("$eq");
            if (isPlainValue(operand)) {
                return Optional.of(operand);
            }
            if (operator.get("$in") instanceof Collection<?> values
                    && values.stream().allMatch(IdLookup::isPlainValue)) {
                List<Object> copy = new ArrayList<>(values);
                return Optional.of(new Document("$in", copy));
            }
        }
        return Optional.empty();
    }

    /**
     * A value equality on which means the same to the index and to the query matcher. Documents, arrays and regular
     * expressions are left to the full scan: the index compares an embedded document as a whole, an array is matched
     * by its elements and a regular expression by pattern, and null also matches a missing field.
     */
    private static boolean isPlainValue(Object value) {
        return value != null && !(value instanceof Map<?, ?>) && !(value instanceof Collection<?>)
                && !value.getClass().isArray() && !BsonRegularExpression.isRegularExpression(value);
    }
}
