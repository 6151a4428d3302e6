package jp.madoguchi.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class MongoWireServerTest {

    @Test
    void storesDocumentsAndKeepsThemAcrossRestartWithTheSameFile(@TempDir Path dir) {
        Path file = dir.resolve("mongo/read-models.h2");
        try (MongoWireServer server = MongoWireServer.start(file, 0);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> residents = client.getDatabase("madoguchi_t_014834").getCollection("residents");
            Mono.from(residents.insertOne(new Document("_id", "U1").append("name", "苫前 太郎"))).block();
            assertThat(Flux.from(residents.find()).map(d -> d.getString("name")).collectList().block())
                    .containsExactly("苫前 太郎");
        }
        try (MongoWireServer restarted = MongoWireServer.start(file, 0);
             MongoClient client = MongoClients.create(restarted.connectionString())) {
            MongoCollection<Document> residents = client.getDatabase("madoguchi_t_014834").getCollection("residents");
            assertThat(Mono.from(residents.countDocuments()).block()).isEqualTo(1L);
        }
    }

    @Test
    void rejectsADuplicateOnAUniqueIndexWithCode11000() {
        try (MongoWireServer server = MongoWireServer.start(null, 0);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> processed = client.getDatabase("madoguchi_platform").getCollection("processed_events");
            Mono.from(processed.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true))).block();
            Mono.from(processed.insertOne(new Document("eventId", "e-1"))).block();

            assertThatThrownBy(() -> Mono.from(processed.insertOne(new Document("eventId", "e-1"))).block())
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        }
    }

    /** The projections' "only if newer" update: {_id, seq < n} goes through the _id index (see IdIndexedH2Backend) and still matches fully. */
    @Test
    void aQueryPinningTheIdWithFurtherConditionsMatchesExactlyThoseConditions(@TempDir Path dir) {
        try (MongoWireServer server = MongoWireServer.start(dir.resolve("read-models.h2"), 0);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> applications = client.getDatabase("madoguchi_t_014834").getCollection("applications");
            for (int i = 0; i < 50; i++) {
                Mono.from(applications.insertOne(new Document("_id", "A" + i).append("seq", 3L).append("status", "受付"))).block();
            }
            UpdateOptions upsert = new UpdateOptions().upsert(true);

            Mono.from(applications.updateOne(Filters.and(Filters.eq("_id", "A7"), Filters.lt("seq", 4L)),
                    Updates.combine(Updates.set("seq", 4L), Updates.set("status", "処理中")), upsert)).block();
            long stale = Mono.from(applications.updateOne(Filters.and(Filters.eq("_id", "A8"), Filters.lt("seq", 2L)),
                    Updates.set("status", "完了"))).block().getModifiedCount();

            assertThat(stale).isZero();
            assertThat(Flux.from(applications.find(Filters.eq("status", "処理中"))).map(d -> d.getString("_id")).collectList().block())
                    .containsExactly("A7");
            assertThat(Mono.from(applications.find(new Document("_id", "A8").append("status", "受付")).first()).block()).isNotNull();
            assertThat(Mono.from(applications.find(new Document("_id", "A8").append("status", "完了")).first()).block()).isNull();
            assertThat(Mono.from(applications.find(Filters.and(Filters.eq("_id", "A9"), Filters.gte("seq", 3L))).first()).block())
                    .isNotNull();
        }
    }
}
