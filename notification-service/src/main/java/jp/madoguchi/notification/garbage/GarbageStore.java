package jp.madoguchi.notification.garbage;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.notification.daily.TownDatabases;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A town's garbage calendar in its own database ({@value #COLLECTION}): the imported 5374 files as text (one
 * document, replaced whole, so an import is all or nothing) and the town's rules (another document, kept across
 * imports). The calendar is parsed again from the files on each read; they were checked when imported.
 */
@Component
class GarbageStore {

    static final String COLLECTION = "garbage_calendar";
    private static final String FILES = "5374";
    private static final String RULES = "rules";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** When and by whom the files were imported. */
    record Imported(Instant at, String by) {
    }

    /** A town's calendar with its import stamp. */
    record Stored(GarbageCalendar calendar, Imported imported, int targetItems) {
    }

    private final TenantMongo mongo;
    private final MongoClient client;
    // read from the classpath here, at start-up, rather than on first use on an event-loop thread
    private final Holidays holidays = Holidays.shipped();

    GarbageStore(TenantMongo mongo, MongoClient client) {
        this.mongo = mongo;
        this.client = client;
    }

    Mono<Void> saveFiles(TenantId tenant, Map<String, String> files, Imported imported) {
        Document doc = new Document("_id", FILES).append("files", new Document(new LinkedHashMap<>(files)))
                .append("importedAt", Date.from(imported.at())).append("importedBy", imported.by());
        return Mono.from(collection(tenant).replaceOne(eq("_id", FILES), doc, new ReplaceOptions().upsert(true))).then();
    }

    Mono<Void> saveRules(TenantId tenant, TownRules rules, Imported saved) {
        Document doc = Document.parse(RulesJson.write(rules).toString()).append("_id", RULES)
                .append("savedAt", Date.from(saved.at())).append("savedBy", saved.by());
        return Mono.from(collection(tenant).replaceOne(eq("_id", RULES), doc, new ReplaceOptions().upsert(true))).then();
    }

    /** The town's calendar with its rules, or empty when it never imported one. */
    Mono<Stored> find(TenantId tenant) {
        return Flux.from(collection(tenant).find()).collectMap(d -> d.getString("_id")).flatMap(docs -> {
            Document files = docs.get(FILES);
            if (files == null) {
                return Mono.empty();
            }
            Map<String, String> texts = new LinkedHashMap<>();
            files.get("files", Document.class).forEach((name, text) -> texts.put(name, (String) text));
            FiveThreeSevenFour.Parsed parsed;
            try {
                parsed = FiveThreeSevenFour.read(texts);
            } catch (FiveThreeSevenFour.InvalidFilesException e) {
                return Mono.error(new IllegalStateException("the stored garbage calendar of " + tenant.code() + " no longer reads", e));
            }
            TownRules rules = Optional.ofNullable(docs.get(RULES)).map(GarbageStore::rules).orElse(TownRules.NONE);
            GarbageCalendar calendar = new GarbageCalendar(parsed.types(), parsed.districts(), parsed.centerBreaks(), rules, holidays);
            return Mono.just(new Stored(calendar, new Imported(files.getDate("importedAt").toInstant(), files.getString("importedBy")),
                    parsed.targetItems()));
        });
    }

    /** The rules alone, for a town that saves them before its first import. */
    Mono<TownRules> rules(TenantId tenant) {
        return Mono.from(collection(tenant).find(eq("_id", RULES)).first()).map(GarbageStore::rules).defaultIfEmpty(TownRules.NONE);
    }

    /** Every town that has imported a calendar. */
    Flux<TenantId> towns() {
        return TownDatabases.having(client, COLLECTION, eq("_id", FILES));
    }

    private static TownRules rules(Document doc) {
        try {
            return RulesJson.read(JSON.readTree(doc.toJson()), Optional.empty());
        } catch (JsonProcessingException | RulesJson.InvalidRulesException e) {
            throw new IllegalStateException("stored garbage rules no longer read", e);
        }
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
