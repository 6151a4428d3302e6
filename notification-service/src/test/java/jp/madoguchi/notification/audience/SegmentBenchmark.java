package jp.madoguchi.notification.audience;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Segment evaluation over one town of {@code -Dbench.residents} (default 1,000,000) residents: a 5-condition
 * segment (district ∈ 3 of 20 AND age band ∈ 2 AND school children AND NOT applied for a procedure AND
 * (language ja OR tagged)), evaluated and counted. A main class, not a test; prints figures, asserts nothing.
 *
 * <pre>./mvnw -q -B -pl notification-service -am test-compile
 * java -cp "$(cat notification-service/target/bench.cp):notification-service/target/classes:notification-service/target/test-classes" \
 *   jp.madoguchi.notification.audience.SegmentBenchmark</pre>
 */
public final class SegmentBenchmark {

    private static final String[] AGE_BANDS = {"u20", "20s", "30s", "40s", "50s", "60s", "70plus"};
    private static final String[] LANGUAGES = {"ja", "ja", "ja", "ja", "easy-ja", "en", "zh", "vi"};

    public static void main(String[] args) {
        int residents = Integer.getInteger("bench.residents", 1_000_000);
        int runs = Integer.getInteger("bench.runs", 200);
        Random random = new Random(42);
        TownIndex index = new TownIndex();
        long started = System.nanoTime();
        for (int i = 0; i < residents; i++) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put("district", "d" + random.nextInt(20));
            attributes.put("ageBand", AGE_BANDS[random.nextInt(AGE_BANDS.length)]);
            attributes.put("schoolChildren", random.nextInt(4) == 0 ? "yes" : "no");
            attributes.put("language", LANGUAGES[random.nextInt(LANGUAGES.length)]);
            if (random.nextInt(10) == 0) {
                attributes.put("tags", "farmer");
            }
            Set<String> procedures = new HashSet<>();
            if (random.nextInt(5) == 0) {
                procedures.add("water-start");
            }
            index.put(new ResidentState("r" + i, "LINE", "U" + i, random.nextInt(20) != 0, Instant.EPOCH, attributes, procedures));
        }
        System.out.printf("built index of %,d residents in %,d ms%n", residents, (System.nanoTime() - started) / 1_000_000);

        Segment segment = new Segment.And(List.of(
                new Segment.AttributeIn("district", Set.of("d1", "d2", "d3")),
                new Segment.AttributeIn("ageBand", Set.of("30s", "40s")),
                new Segment.AttributeIn("schoolChildren", Set.of("yes")),
                new Segment.Not(new Segment.AppliedFor("water-start")),
                new Segment.Or(List.of(new Segment.AttributeIn("language", Set.of("ja")), new Segment.AttributeIn("tags", Set.of("farmer"))))));
        int count = 0;
        for (int i = 0; i < 50; i++) { // warm-up, so the JIT has compiled the bitmap code
            count = index.count(segment);
        }
        long[] micros = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            count = index.count(segment);
            micros[i] = (System.nanoTime() - t) / 1000;
        }
        long t = System.nanoTime();
        int recipients = index.residents(index.evaluate(segment)).size();
        long listMicros = (System.nanoTime() - t) / 1000;
        Arrays.sort(micros);
        System.out.printf("5-condition segment: %,d members; evaluate+count over %d runs: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
                        + "(target <= 50 ms); first run cold: see warm-up; member list (%,d residents) %.2f ms%n",
                count, runs, micros[runs / 2] / 1000.0, micros[runs * 99 / 100] / 1000.0, micros[runs - 1] / 1000.0, recipients, listMicros / 1000.0);
    }
}
