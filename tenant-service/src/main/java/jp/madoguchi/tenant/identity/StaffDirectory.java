package jp.madoguchi.tenant.identity;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.util.Date;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberActivated;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberDisabled;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberInvited;
import jp.madoguchi.tenant.identity.StaffMessages.StaffRoleChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The staff read model: one document per member in the town's own database (what login and the
 * staff list read), the loginId claims that keep login ids unique per town, and a platform-wide
 * index from an invitation code's hash to its member. Every update is an idempotent upsert.
 */
@Component
@ProcessingGroup(StaffDirectory.PROCESSING_GROUP)
public class StaffDirectory {

    public static final String PROCESSING_GROUP = "staff-view";
    static final String STAFF = "staff";
    static final String LOGIN_IDS = "staff_login_ids";
    static final String INVITATIONS = "staff_invitations";
    private static final int DUPLICATE_KEY = 11000;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** A member as login sees it; the password hash never leaves this package. */
    record Member(String staffId, String tenantId, String loginId, String displayName, Role role, String status, String passwordHash) {

        boolean isActive() {
            return "ACTIVE".equals(status);
        }

        Account account() {
            return new Account(staffId, tenantId, loginId, displayName, role);
        }

        StaffView view() {
            return new StaffView(staffId, loginId, displayName, role.claim(), status.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** What the staff list shows: no hashes, no codes. */
    public record StaffView(String staffId, String loginId, String displayName, String role, String status) {
    }

    record Invitation(String tenantId, String staffId) {
    }

    private final TenantMongo mongo;

    public StaffDirectory(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(StaffMemberInvited event) {
        TenantId tenant = TenantId.of(event.tenantId());
        // $setOnInsert for the status: a replay of the invitation must not turn an active member back into an invited one
        block(staff(tenant).updateOne(eq("_id", event.staffId()), Updates.combine(
                Updates.set("loginId", event.loginId()),
                Updates.set("displayName", event.displayName()),
                Updates.setOnInsert("role", event.role().claim()),
                Updates.setOnInsert("status", "INVITED"),
                Updates.set("invitationCodeHash", event.invitationCodeHash())), new UpdateOptions().upsert(true)));
        block(loginIds(tenant).updateOne(eq("_id", event.loginId()), Updates.set("staffId", event.staffId()), new UpdateOptions().upsert(true)));
        block(invitations().updateOne(eq("_id", event.invitationCodeHash()), Updates.combine(
                Updates.set("tenantId", event.tenantId()),
                Updates.set("staffId", event.staffId()),
                Updates.set("expiresAt", Date.from(event.invitationExpiresAt()))), new UpdateOptions().upsert(true)));
    }

    @EventHandler
    void on(StaffMemberActivated event) {
        // the code is closed before the member shows as active: whoever saw the member active sees the code used
        block(invitations().deleteMany(eq("staffId", event.staffId())));
        block(staff(TenantId.of(event.tenantId())).updateOne(eq("_id", event.staffId()), Updates.combine(
                Updates.set("status", "ACTIVE"), Updates.set("passwordHash", event.passwordHash())), new UpdateOptions().upsert(true)));
    }

    @EventHandler
    void on(StaffRoleChanged event) {
        block(staff(TenantId.of(event.tenantId())).updateOne(eq("_id", event.staffId()), Updates.set("role", event.role().claim()),
                new UpdateOptions().upsert(true)));
    }

    @EventHandler
    void on(StaffMemberDisabled event) {
        block(invitations().deleteMany(eq("staffId", event.staffId())));
        block(staff(TenantId.of(event.tenantId())).updateOne(eq("_id", event.staffId()),
                Updates.combine(Updates.set("status", "DISABLED"), Updates.unset("passwordHash")), new UpdateOptions().upsert(true)));
    }

    /** Claims {@code loginId} in the town for {@code staffId}; false when someone holds it already. */
    Mono<Boolean> claimLoginId(TenantId tenant, String loginId, String staffId) {
        return Mono.from(loginIds(tenant).insertOne(new Document("_id", loginId).append("staffId", staffId)))
                .thenReturn(true)
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCode() == DUPLICATE_KEY ? Mono.just(false) : Mono.error(e));
    }

    /** Gives a claim back when the invitation it was made for was refused. */
    Mono<Void> releaseLoginId(TenantId tenant, String loginId, String staffId) {
        return Mono.from(loginIds(tenant).deleteOne(and(eq("_id", loginId), eq("staffId", staffId)))).then();
    }

    Mono<Member> byLoginId(TenantId tenant, String loginId) {
        return Mono.from(staff(tenant).find(eq("loginId", loginId)).first()).map(d -> member(tenant, d));
    }

    Mono<Member> byId(TenantId tenant, String staffId) {
        return Mono.from(staff(tenant).find(eq("_id", staffId)).first()).map(d -> member(tenant, d));
    }

    Flux<StaffView> list(TenantId tenant) {
        return Flux.from(staff(tenant).find().projection(Projections.include("loginId", "displayName", "role", "status"))
                        .sort(Sorts.ascending("loginId")))
                .map(d -> member(tenant, d).view());
    }

    /** The invitation a code's hash names, while it is still open (not used, not expired). */
    Mono<Invitation> openInvitation(String codeHash) {
        return Mono.from(invitations().find(eq("_id", codeHash)).first())
                .filter(d -> d.getDate("expiresAt").toInstant().isAfter(java.time.Instant.now()))
                .map(d -> new Invitation(d.getString("tenantId"), d.getString("staffId")));
    }

    /** Waits (briefly) until the projection shows what a command just did, so a client can go on at once. */
    Mono<Member> await(TenantId tenant, String staffId, java.util.function.Predicate<Member> shown) {
        return byId(tenant, staffId).filter(shown)
                .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(50)).take(100))
                .onErrorResume(e -> Mono.empty());
    }

    private static Member member(TenantId tenant, Document d) {
        return new Member(d.getString("_id"), tenant.code(), d.getString("loginId"), d.getString("displayName"),
                Role.fromClaim(d.getString("role")), d.getString("status"), d.getString("passwordHash"));
    }

    private MongoCollection<Document> staff(TenantId tenant) {
        return mongo.database(tenant).getCollection(STAFF);
    }

    private MongoCollection<Document> loginIds(TenantId tenant) {
        return mongo.database(tenant).getCollection(LOGIN_IDS);
    }

    private MongoCollection<Document> invitations() {
        return mongo.platform().getCollection(INVITATIONS);
    }

    private static void block(org.reactivestreams.Publisher<?> write) {
        Mono.from(write).block(WRITE_TIMEOUT);
    }
}
