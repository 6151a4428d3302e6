package jp.madoguchi.notification.audience;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * One town's residents as compressed bitmaps: each resident gets a dense number on first sight, and every
 * (attribute, value), procedure and the follow state has the bitmap of its residents. A segment is then a few
 * bitmap ANDs/ORs, milliseconds for a million residents. Writers replace a resident's whole state, so applying
 * the same state twice changes nothing.
 */
public final class TownIndex {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<ResidentState> residents = new ArrayList<>();
    private final RoaringBitmap following = new RoaringBitmap();
    private final Map<String, RoaringBitmap> attributes = new HashMap<>();
    private final Map<String, RoaringBitmap> procedures = new HashMap<>();

    /** Records {@code state} as the resident's whole current state. */
    public void put(ResidentState state) {
        lock.writeLock().lock();
        try {
            Integer known = numbers.get(state.residentId());
            int n = known == null ? residents.size() : known;
            if (known == null) {
                numbers.put(state.residentId(), n);
                residents.add(state);
            } else {
                unindex(n, residents.get(n));
                residents.set(n, state);
            }
            if (state.following()) {
                following.add(n);
            }
            state.attributes().keySet().forEach(a -> state.values(a).forEach(v -> attributes.computeIfAbsent(key(a, v), k -> new RoaringBitmap()).add(n)));
            state.procedures().forEach(p -> procedures.computeIfAbsent(p, k -> new RoaringBitmap()).add(n));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void unindex(int n, ResidentState old) {
        following.remove(n);
        old.attributes().keySet().forEach(a -> old.values(a).forEach(v -> remove(attributes, key(a, v), n)));
        old.procedures().forEach(p -> remove(procedures, p, n));
    }

    private static void remove(Map<String, RoaringBitmap> bitmaps, String key, int n) {
        RoaringBitmap bitmap = bitmaps.get(key);
        if (bitmap != null) {
            bitmap.remove(n);
        }
    }

    public Optional<ResidentState> resident(String residentId) {
        lock.readLock().lock();
        try {
            Integer n = numbers.get(residentId);
            return n == null ? Optional.empty() : Optional.of(residents.get(n));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The friends in {@code segment}: a snapshot the caller owns. */
    public RoaringBitmap evaluate(Segment segment) {
        lock.readLock().lock();
        try {
            return RoaringBitmap.and(following, bitmap(segment));
        } finally {
            lock.readLock().unlock();
        }
    }

    public int count(Segment segment) {
        return evaluate(segment).getCardinality();
    }

    /** The residents behind the numbers of an evaluated segment, in number order. */
    public List<ResidentState> residents(RoaringBitmap members) {
        lock.readLock().lock();
        try {
            List<ResidentState> out = new ArrayList<>(members.getCardinality());
            members.forEach((int n) -> out.add(residents.get(n)));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return residents.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    // the returned bitmap may be one of the index's own: callers combine it into a new one, never change it
    private RoaringBitmap bitmap(Segment segment) {
        if (segment instanceof Segment.Everyone) {
            return following;
        }
        if (segment instanceof Segment.AttributeIn a) {
            return FastAggregation.or(a.values().stream().map(v -> attributes.getOrDefault(key(a.attribute(), v), new RoaringBitmap())).iterator());
        }
        if (segment instanceof Segment.AppliedFor p) {
            return procedures.getOrDefault(p.procedureId(), new RoaringBitmap());
        }
        if (segment instanceof Segment.And and) {
            return FastAggregation.and(and.all().stream().map(this::bitmap).iterator());
        }
        if (segment instanceof Segment.Or or) {
            return FastAggregation.or(or.any().stream().map(this::bitmap).iterator());
        }
        Segment.Not not = (Segment.Not) segment;
        return RoaringBitmap.andNot(following, bitmap(not.segment()));
    }

    private static String key(String attribute, String value) {
        return attribute + '\u0000' + value;
    }
}
