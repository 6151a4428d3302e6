package jp.madoguchi.conversation.reservation;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.Held;
import jp.madoguchi.conversation.reservation.ResourceSchedule.OpeningHours;
import jp.madoguchi.platform.embedded.EmbeddedPlatform;
import jp.madoguchi.platform.embedded.StaffTokens;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Reservations under a rush, through the real desk, command bus and JDBC event store on the embedded platform: every
 * resident races for a place on the same day of one popular resource (what each does: ask which times are free, hold
 * a random one, book it; a refused hold tries another free time), then "which slots are free" is timed on that
 * full day and across the booking window. Prints figures, asserts nothing. Run (see docs/reservations.md):
 * {@code ./mvnw -q -B -o -Pbench-reservations -pl conversation-service test-compile exec:exec}
 * ({@code -Dbench.residents}, {@code -Dbench.threads}).
 */
public final class ReservationBenchmark {

    private static final TenantId TOWN = TenantId.of("014834");

    public static void main(String[] args) throws Exception {
        int residents = Integer.getInteger("bench.residents", 2_000);
        int threads = Integer.getInteger("bench.threads", 16);
        StaffTokens tokens = StaffTokens.generate();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(Files.createTempDirectory("reservation-bench-"), EmbeddedPlatform.Ports.random())) {
            platform.postgres().createDatabaseIfMissing("madoguchi_conversation");
            List<String> props = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                    "--madoguchi.security.public-key=" + tokens.publicKeyPem(), "--madoguchi.secrets.keys.k1=" + Base64.getEncoder().encodeToString(key),
                    "--madoguchi.secrets.active-key=k1"));
            platform.springProperties("madoguchi_conversation").forEach((k, v) -> props.add("--" + k + "=" + v));
            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(ConversationServiceApplication.class)
                    .properties(ConversationServiceApplication.CONFIG_NAME).run(props.toArray(String[]::new))) {
                ReservationDesk desk = service.getBean(ReservationDesk.class);
                // 09:00–17:00 in 15-minute slots for 50 each: 1,600 places a day, bookable 1 to 30 days ahead
                List<OpeningHours> hours = Arrays.stream(DayOfWeek.values()).map(d -> new OpeningHours(d, LocalTime.of(9, 0), LocalTime.of(17, 0)))
                        .toList();
                desk.define(TOWN, "popular", "町民プール", new ResourceSchedule(hours, 15, 50, List.of(), false, 1, 30, 10, 24, List.of(), "", null),
                        "bench");
                List<LocalDate> days = desk.freeDates(TOWN, "popular", 30);
                race(desk, days.get(1), residents / 4, threads, "warm-up");
                race(desk, days.get(0), residents, threads, "rush");
                timeFreeStarts(desk, days.get(0), threads, 5_000);
                timeFreeDates(desk, 500);
            }
        }
        System.exit(0);
    }

    private static void race(ReservationDesk desk, LocalDate day, int residents, int threads, String phase) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger booked = new AtomicInteger();
        AtomicInteger refusedHolds = new AtomicInteger();
        AtomicInteger without = new AtomicInteger();
        ConcurrentLinkedQueue<Long> perBooking = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < residents; i++) {
            Booker booker = new Booker(TOWN.code() + ":LINE:Ubench" + phase + i, "LINE", "Ubench" + phase + i, "", "");
            pool.submit(() -> {
                start.await();
                long t0 = System.nanoTime();
                for (int attempt = 0; attempt < 5; attempt++) {
                    List<LocalTime> free = desk.freeStarts(TOWN, "popular", day);
                    if (free.isEmpty()) {
                        break;
                    }
                    LocalTime pick = free.get(ThreadLocalRandom.current().nextInt(free.size()));
                    if (desk.hold(TOWN, "popular", day, pick, booker) instanceof Held held) {
                        if (desk.book(TOWN, "popular", day, held.holdId()) instanceof Booked) {
                            booked.incrementAndGet();
                            perBooking.add(System.nanoTime() - t0);
                            return null;
                        }
                    }
                    refusedHolds.incrementAndGet();
                }
                without.incrementAndGet();
                return null;
            });
        }
        long t0 = System.nanoTime();
        start.countDown();
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Long> latencies = new ArrayList<>(perBooking);
        System.out.printf("%s: %,d residents on %d threads for one day of 1,600 places: %,d booked, %,d without a place, %,d holds refused"
                        + " (taken meanwhile) in %.1f s = %.0f bookings/s; per booking (free times + hold + book, retries included) p50 %.1f ms, p99 %.1f ms%n",
                phase, residents, threads, booked.get(), without.get(), refusedHolds.get(), seconds, booked.get() / seconds,
                percentile(latencies, 50), percentile(latencies, 99));
    }

    /** "Which times are free" on the day everyone booked, from several threads at once. */
    private static void timeFreeStarts(ReservationDesk desk, LocalDate day, int threads, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Long> took = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < calls; i++) {
            pool.submit(() -> {
                long t0 = System.nanoTime();
                desk.freeStarts(TOWN, "popular", day);
                took.add(System.nanoTime() - t0);
            });
        }
        long t0 = System.nanoTime();
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        List<Long> latencies = new ArrayList<>(took);
        System.out.printf("free times of the full day: %,d calls on %d threads in %.1f s; p50 %.2f ms, p99 %.2f ms, max %.1f ms%n", calls, threads,
                (System.nanoTime() - t0) / 1e9, percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));
    }

    /** The step's first question: up to 10 days with a free place, over a window of 30 days of which two are opened. */
    private static void timeFreeDates(ReservationDesk desk, int calls) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            desk.freeDates(TOWN, "popular", 10);
            latencies.add(System.nanoTime() - t0);
        }
        System.out.printf("free days (10 of the window), one thread: %,d calls; p50 %.2f ms, p99 %.2f ms, max %.1f ms%n", calls,
                percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));
    }

    private static double percentile(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
