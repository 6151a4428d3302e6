package jp.madoguchi.conversation.resident;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.UserProfileResponse;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.conversation.resident.ResidentAttributes.Option;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The resident read model in the town's database, collection {@code residents} ({@code _id} =
 * residentId): the LINE display name, fetched with the profile API on follow. The name is personal
 * data: it is kept here only, never in events or logs. Also answers the town's districts (collection
 * {@code districts} of the platform database, from {@code TenantDistrictsSet}).
 */
@Component
public class ResidentProfiles {

    private static final Logger log = LoggerFactory.getLogger(ResidentProfiles.class);

    private final TenantMongo mongo;

    public ResidentProfiles(TenantMongo mongo) {
        this.mongo = mongo;
    }

    /** Fetches the profile and keeps the display name (idempotent upsert); a failure is logged without the name and ignored. */
    public void recordProfile(TenantId tenant, String residentId, String lineUserId, MessagingApiClient client) {
        try {
            UserProfileResponse profile = client.getProfile(lineUserId).get(10, TimeUnit.SECONDS).body();
            Mono.from(residents(tenant).updateOne(eq("_id", residentId),
                    combine(set("displayName", profile.displayName()), set("language", profile.language()),
                            set("profileAt", java.util.Date.from(Instant.now()))),
                    new UpdateOptions().upsert(true))).block(Duration.ofSeconds(10));
        } catch (Exception e) {
            log.info("event=line-profile-unavailable tenant={} reason={}", tenant, e.getClass().getSimpleName());
        }
    }

    public Optional<String> displayName(TenantId tenant, String residentId) {
        return Optional.ofNullable(Mono.from(residents(tenant).find(eq("_id", residentId)).first())
                .map(d -> d.getString("displayName")).block(Duration.ofSeconds(10)));
    }

    /** The town's districts as choices (empty until tenant-service has published them). */
    public List<Option> districts(TenantId tenant) {
        Document town = Mono.from(mongo.platform().getCollection(TownDistricts.COLLECTION).find(eq("_id", tenant.code())).first())
                .block(Duration.ofSeconds(10));
        List<Option> options = new ArrayList<>();
        if (town != null) {
            for (Document d : town.getList("districts", Document.class, List.of())) {
                options.add(new Option(d.getString("code"), d.getString("name")));
            }
        }
        return options;
    }

    private MongoCollection<Document> residents(TenantId tenant) {
        return mongo.database(tenant).getCollection("residents");
    }
}
