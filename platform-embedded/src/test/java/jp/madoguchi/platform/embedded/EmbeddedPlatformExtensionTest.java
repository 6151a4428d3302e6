package jp.madoguchi.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import reactor.core.publisher.Mono;

@ExtendWith(EmbeddedPlatformExtension.class)
class EmbeddedPlatformExtensionTest {

    @Test
    void publishesSpringPropertiesThatReachEveryServer() throws Exception {
        assertThat(System.getProperty("spring.datasource.url")).endsWith("/" + EmbeddedPlatformExtension.DATABASE);

        try (Connection c = DriverManager.getConnection(System.getProperty("spring.datasource.url"),
                System.getProperty("spring.datasource.username"), System.getProperty("spring.datasource.password"));
             ResultSet rows = c.createStatement().executeQuery("SELECT current_database()")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("madoguchi");
        }

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", System.getProperty("spring.kafka.bootstrap-servers")))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }

        try (MongoClient mongo = MongoClients.create(System.getProperty("spring.data.mongodb.uri"))) {
            Document pong = Mono.from(mongo.getDatabase("admin").runCommand(new Document("ping", 1))).block();
            assertThat(pong.get("ok", Number.class).intValue()).isEqualTo(1);
        }

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(System.getProperty("madoguchi.line.api-base-url") + "health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void givesTestsTheRunningPlatform() {
        EmbeddedPlatform platform = EmbeddedPlatformExtension.platform();

        assertThat(platform.kafka().bootstrapServers()).isEqualTo(System.getProperty("spring.kafka.bootstrap-servers"));
        assertThat(platform.lineEmulator().baseUrl()).isEqualTo(System.getProperty("madoguchi.line.api-base-url"));
    }
}
