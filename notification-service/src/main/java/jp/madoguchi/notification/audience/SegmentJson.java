package jp.madoguchi.notification.audience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The wire form of a {@link Segment}, one object per node, e.g.
 * {@code {"and":[{"attribute":"district","in":["d1"]},{"not":{"appliedFor":"water-start"}}]}} or {@code {"everyone":true}}.
 * Read by hand rather than with polymorphic Jackson typing, so a bad tree gets a message naming where it is wrong.
 */
public final class SegmentJson {

    /** A segment that cannot be read, with a message that says where and what to change. */
    public static final class InvalidSegmentException extends IllegalArgumentException {
        InvalidSegmentException(String path, String message) {
            super(path + ": " + message);
        }
    }

    static final int MAX_DEPTH = 8;
    static final int MAX_CONDITIONS = 50;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SegmentJson() {
    }

    public static Segment read(JsonNode node) {
        int[] conditions = {0};
        return read(node, "$", 0, conditions);
    }

    private static Segment read(JsonNode node, String path, int depth, int[] conditions) {
        if (node == null || !node.isObject() || node.size() == 0) {
            throw new InvalidSegmentException(path, "expected an object with one of everyone, attribute, appliedFor, and, or, not");
        }
        if (depth > MAX_DEPTH) {
            throw new InvalidSegmentException(path, "nested deeper than " + MAX_DEPTH + " levels; flatten the and/or");
        }
        if (++conditions[0] > MAX_CONDITIONS) {
            throw new InvalidSegmentException(path, "more than " + MAX_CONDITIONS + " conditions; combine values with \"in\"");
        }
        if (node.has("everyone")) {
            return new Segment.Everyone();
        }
        if (node.has("attribute")) {
            String attribute = code(node.get("attribute"), path + ".attribute");
            JsonNode in = node.get("in");
            if (in == null || !in.isArray() || in.isEmpty()) {
                throw new InvalidSegmentException(path + ".in", "give the attribute's values as a non-empty array, e.g. [\"d1\"]");
            }
            Set<String> values = new LinkedHashSet<>();
            for (int i = 0; i < in.size(); i++) {
                values.add(code(in.get(i), path + ".in[" + i + "]"));
            }
            return new Segment.AttributeIn(attribute, values);
        }
        if (node.has("appliedFor")) {
            return new Segment.AppliedFor(code(node.get("appliedFor"), path + ".appliedFor"));
        }
        if (node.has("and")) {
            return new Segment.And(children(node.get("and"), path + ".and", depth, conditions));
        }
        if (node.has("or")) {
            return new Segment.Or(children(node.get("or"), path + ".or", depth, conditions));
        }
        if (node.has("not")) {
            return new Segment.Not(read(node.get("not"), path + ".not", depth + 1, conditions));
        }
        throw new InvalidSegmentException(path, "unknown condition " + node.fieldNames().next()
                + "; use one of everyone, attribute, appliedFor, and, or, not");
    }

    private static List<Segment> children(JsonNode array, String path, int depth, int[] conditions) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new InvalidSegmentException(path, "expected a non-empty array of conditions");
        }
        List<Segment> children = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            children.add(read(array.get(i), path + "[" + i + "]", depth + 1, conditions));
        }
        return children;
    }

    private static String code(JsonNode node, String path) {
        if (node == null || !node.isTextual() || !CODE.matcher(node.asText()).matches()) {
            throw new InvalidSegmentException(path, "expected a code of letters, digits, '_', '.', ':' or '-' (at most 64)");
        }
        return node.asText();
    }

    public static JsonNode write(Segment segment) {
        ObjectNode node = JSON.objectNode();
        if (segment instanceof Segment.Everyone) {
            node.put("everyone", true);
        } else if (segment instanceof Segment.AttributeIn a) {
            node.put("attribute", a.attribute());
            ArrayNode in = node.putArray("in");
            a.values().stream().sorted().forEach(in::add);
        } else if (segment instanceof Segment.AppliedFor p) {
            node.put("appliedFor", p.procedureId());
        } else if (segment instanceof Segment.And and) {
            ArrayNode all = node.putArray("and");
            and.all().forEach(s -> all.add(write(s)));
        } else if (segment instanceof Segment.Or or) {
            ArrayNode any = node.putArray("or");
            or.any().forEach(s -> any.add(write(s)));
        } else if (segment instanceof Segment.Not not) {
            node.set("not", write(not.segment()));
        }
        return node;
    }
}
