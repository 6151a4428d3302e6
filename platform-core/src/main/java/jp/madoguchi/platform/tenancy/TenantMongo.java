package jp.madoguchi.platform.tenancy;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

/**
 * Per-tenant Mongo access: a town's read models live in its own database
 * ({@code madoguchi_t_<code>}); platform-wide views live in {@code madoguchi_platform}.
 */
public class TenantMongo {

    public static final String PLATFORM_DATABASE = "madoguchi_platform";

    private final MongoClient client;

    public TenantMongo(MongoClient client) {
        this.client = client;
    }

    public MongoDatabase database(TenantId tenant) {
        return client.getDatabase(tenant.mongoDatabase());
    }

    public MongoDatabase platform() {
        return client.getDatabase(PLATFORM_DATABASE);
    }
}
