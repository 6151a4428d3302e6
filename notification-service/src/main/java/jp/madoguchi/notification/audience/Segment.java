package jp.madoguchi.notification.audience;

import java.util.List;
import java.util.Set;

/**
 * Who a notice is for: a tree of conditions on the resident index, always taken among the town's current
 * friends (a resident who blocked the account is never in a segment, whatever the tree says).
 */
public sealed interface Segment {

    /** Every friend of the town's account. */
    record Everyone() implements Segment {
    }

    /** The resident's attribute {@code attribute} is one of {@code values} (for {@code tags}: has one of the tags). */
    record AttributeIn(String attribute, Set<String> values) implements Segment {
        public AttributeIn {
            values = Set.copyOf(values);
        }
    }

    /** The resident applied for the procedure at least once. */
    record AppliedFor(String procedureId) implements Segment {
    }

    /** Every one of {@code all}. */
    record And(List<Segment> all) implements Segment {
        public And {
            all = List.copyOf(all);
        }
    }

    /** At least one of {@code any}. */
    record Or(List<Segment> any) implements Segment {
        public Or {
            any = List.copyOf(any);
        }
    }

    /** Friends who are not in {@code segment}. */
    record Not(Segment segment) implements Segment {
    }
}
