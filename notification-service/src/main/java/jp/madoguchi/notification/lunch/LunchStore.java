package jp.madoguchi.notification.lunch;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Date;
import java.util.List;
import jp.madoguchi.notification.daily.TownDatabases;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A town's lunch menus in its own database ({@value #COLLECTION}): one document per month, replaced whole by an
 * upload, so a month is never half old and half new.
 */
@Component
class LunchStore {

    static final String COLLECTION = "lunch_menus";

    /** A month's menu with who uploaded it when. */
    record Stored(YearMonth month, List<LunchDay> days, Instant importedAt, String importedBy) {

        /** The day's menus (one per school, or one for the whole town); empty on a day without lunch. */
        List<LunchDay> on(LocalDate date) {
            return days.stream().filter(d -> d.date().equals(date)).toList();
        }
    }

    private final TenantMongo mongo;
    private final MongoClient client;

    LunchStore(TenantMongo mongo, MongoClient client) {
        this.mongo = mongo;
        this.client = client;
    }

    Mono<Void> save(TenantId tenant, LunchMenuCsv.Parsed menu, Instant at, String by) {
        List<Document> days = menu.days().stream().map(d -> new Document("date", d.date().toString()).append("school", d.school())
                .append("dishes", d.dishes()).append("ingredients", d.ingredients()).append("kcal", d.kcal()).append("allergens", d.allergens())).toList();
        Document doc = new Document("_id", menu.month().toString()).append("days", days).append("importedAt", Date.from(at)).append("importedBy", by);
        return Mono.from(collection(tenant).replaceOne(eq("_id", menu.month().toString()), doc, new ReplaceOptions().upsert(true))).then();
    }

    /** The month's menu, or empty when the town uploaded none for it. */
    Mono<Stored> find(TenantId tenant, YearMonth month) {
        return Mono.from(collection(tenant).find(eq("_id", month.toString())).first()).map(doc -> new Stored(month,
                doc.getList("days", Document.class).stream().map(LunchStore::day).toList(), doc.getDate("importedAt").toInstant(),
                doc.getString("importedBy")));
    }

    /** Every town that has uploaded a menu. */
    Flux<TenantId> towns() {
        return TownDatabases.having(client, COLLECTION, exists("days"));
    }

    private static LunchDay day(Document d) {
        return new LunchDay(LocalDate.parse(d.getString("date")), d.getString("school"), d.getList("dishes", String.class),
                d.getString("ingredients"), d.getInteger("kcal"), d.getList("allergens", String.class));
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
