package jp.madoguchi.conversation.reservation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import java.time.Duration;
import jp.madoguchi.conversation.reservation.ResourceMessages.ResourceDefined;
import jp.madoguchi.conversation.reservation.ResourceMessages.ResourceRevised;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The town's resources as staff pick them in the portal: id and current name, in the town's own database
 * ({@value #COLLECTION}). Each event is applied once, guarded by its sequence number, so a replay changes nothing.
 */
@Component
@ProcessingGroup(ResourceList.PROCESSING_GROUP)
class ResourceList {

    static final String PROCESSING_GROUP = "reservation-resources";
    static final String COLLECTION = "reservation_resources";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** One resource as the list shows it. */
    public record Entry(String resourceId, String name) {
    }

    private final TenantMongo mongo;

    ResourceList(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ResourceDefined e, @SequenceNumber long seq) {
        upsert(e.tenantId(), e.resourceId(), e.name(), seq);
    }

    @EventHandler
    void on(ResourceRevised e, @SequenceNumber long seq) {
        upsert(e.tenantId(), e.resourceId(), e.name(), seq);
    }

    /** The town's resources by id. */
    public Flux<Entry> all(TenantId tenant) {
        return Flux.from(mongo.database(tenant).getCollection(COLLECTION).find().sort(Sorts.ascending("_id")))
                .map(d -> new Entry(d.getString("_id"), d.getString("name")));
    }

    private void upsert(String tenant, String resourceId, String name, long seq) {
        try {
            Mono.from(mongo.database(TenantId.of(tenant)).getCollection(COLLECTION).updateOne(and(eq("_id", resourceId), lt("seq", seq)),
                    new Document("$set", new Document("name", name).append("seq", seq)), new UpdateOptions().upsert(true))).block(WRITE_TIMEOUT);
        } catch (MongoWriteException ex) {
            // the document has seen this event already: the upsert's insert met the existing id
            if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw ex;
            }
        }
    }
}
