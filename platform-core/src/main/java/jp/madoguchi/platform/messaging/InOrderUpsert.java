package jp.madoguchi.platform.messaging;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Mono;

/**
 * How a consumer applies an event to one document without transactions, so a redelivered, replayed or late older
 * event never overwrites a newer one: each group of fields carries the sequence of the event that set it.
 */
public final class InOrderUpsert {

    private InOrderUpsert() {
    }

    /**
     * Applies {@code update} to {@code id} unless the document already reflects sequence {@code seq} or later for the
     * fields {@code seqField} guards. When it does, the filter misses, the upsert tries to insert the same _id and Mongo
     * refuses with a duplicate key: that is the "already applied" answer, not an error.
     */
    public static Mono<Void> apply(MongoCollection<Document> collection, String id, String seqField, long seq, Bson update) {
        return Mono.from(collection.updateOne(and(eq("_id", id), or(exists(seqField, false), lt(seqField, seq))),
                        combine(update, set(seqField, seq)), new UpdateOptions().upsert(true)))
                .onErrorResume(MongoWriteException.class,
                        e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(e))
                .then();
    }
}
