package jp.madoguchi.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
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
}
