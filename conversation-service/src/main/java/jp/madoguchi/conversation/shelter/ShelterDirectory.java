package jp.madoguchi.conversation.shelter;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each town's shelter list, in its own database: one document ({@value #COLLECTION}, {@code _id} current) holds the
 * whole list, so an import replaces it at once without a transaction (the Mongo wire server has none). A copy per
 * town stays in memory for a minute, so a resident's location is answered without a read; another instance's
 * import shows within that minute.
 */
@Component
class ShelterDirectory {

    static final String COLLECTION = "shelter_list";
    static final Duration CACHED_FOR = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What staff see of the current list. */
    record Imported(ShelterCsv.Format format, Instant importedAt, String importedBy, List<Shelter> shelters) {
    }

    private record Cached(Imported imported, Instant until) {
    }

    private final TenantMongo mongo;
    private final Clock clock = Clock.systemUTC();
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    ShelterDirectory(TenantMongo mongo) {
        this.mongo = mongo;
    }

    void replace(TenantId tenant, ShelterCsv.Format format, List<Shelter> shelters, String staff) {
        Instant now = clock.instant();
        List<Document> list = new ArrayList<>();
        for (Shelter s : shelters) {
            list.add(new Document("name", s.name()).append("address", s.address()).append("lat", s.latitude()).append("lng", s.longitude())
                    .append("hazards", s.hazards().stream().map(Enum::name).sorted().toList()).append("capacity", s.capacity()));
        }
        Document current = new Document("_id", "current").append("format", format.name()).append("importedAt", Date.from(now))
                .append("importedBy", staff).append("shelters", list);
        Mono.from(collection(tenant).replaceOne(eq("_id", "current"), current, new ReplaceOptions().upsert(true))).block(TIMEOUT);
        cache.put(tenant, new Cached(new Imported(format, now, staff, List.copyOf(shelters)), now.plus(CACHED_FOR)));
    }

    /** The town's list; empty (no format) before any import. */
    Imported current(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenant);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.imported();
        }
        Imported imported = read(tenant);
        cache.put(tenant, new Cached(imported, now.plus(CACHED_FOR)));
        return imported;
    }

    @SuppressWarnings("unchecked")
    private Imported read(TenantId tenant) {
        Document d = Mono.from(collection(tenant).find(eq("_id", "current")).first()).block(TIMEOUT);
        if (d == null) {
            return new Imported(null, null, null, List.of());
        }
        List<Shelter> shelters = new ArrayList<>();
        for (Document s : (List<Document>) d.get("shelters", List.class)) {
            Set<Hazard> hazards = EnumSet.noneOf(Hazard.class);
            for (String h : (List<String>) s.get("hazards", List.class)) {
                hazards.add(Hazard.valueOf(h));
            }
            shelters.add(new Shelter(s.getString("name"), s.getString("address"), s.getDouble("lat"), s.getDouble("lng"), hazards,
                    s.getInteger("capacity")));
        }
        return new Imported(ShelterCsv.Format.valueOf(d.getString("format")), d.getDate("importedAt").toInstant(), d.getString("importedBy"),
                List.copyOf(shelters));
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
