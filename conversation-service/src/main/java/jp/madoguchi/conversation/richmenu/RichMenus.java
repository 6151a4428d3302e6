package jp.madoguchi.conversation.richmenu;

import static com.mongodb.client.model.Filters.eq;

import com.linecorp.bot.client.base.UploadFile;
import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Action;
import com.linecorp.bot.messaging.model.PostbackAction;
import com.linecorp.bot.messaging.model.RichMenuArea;
import com.linecorp.bot.messaging.model.RichMenuBounds;
import com.linecorp.bot.messaging.model.RichMenuRequest;
import com.linecorp.bot.messaging.model.RichMenuSize;
import com.linecorp.bot.messaging.model.URIAction;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jp.madoguchi.conversation.line.LineChannels;
import jp.madoguchi.conversation.shelter.DisasterMode;
import jp.madoguchi.conversation.shelter.Shelters;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each town's rich menu: validated areas become a LINE rich menu (created, its image drawn and
 * uploaded, set as the default for every friend); the mapping is kept in the town's database,
 * collection {@code rich_menu} ({@code _id} = "current"). The areas' postbacks ({@code start:<id>},
 * {@code menu}, {@code attrs}) are handled like any other postback.
 */
@Component
class RichMenus {

    /** What a staff member asks for: a label and what tapping it does. */
    public record Area(String label, AreaAction action) {
    }

    /** {@code type}: procedure (with procedureId), menu, attributes, shelter (避難所をさがす), url (with an https url). */
    public record AreaAction(String type, String procedureId, String url) {
    }

    /** The town's current rich menu. */
    public record Current(String richMenuId, List<Area> areas, Instant setAt, String setBy) {
    }

    static final int MAX_LABEL = 20;
    private static final Pattern PROCEDURE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Logger log = LoggerFactory.getLogger(RichMenus.class);

    private final LineChannels channels;
    private final TenantMongo mongo;
    private final DisasterMode disasterMode;

    public RichMenus(LineChannels channels, TenantMongo mongo, DisasterMode disasterMode) {
        this.channels = channels;
        this.mongo = mongo;
        this.disasterMode = disasterMode;
    }

    /** What is wrong with {@code areas}, in English for staff; empty when they can be used. */
    static List<String> problems(List<Area> areas) {
        List<String> problems = new ArrayList<>();
        if (areas == null || areas.size() < RichMenuLayout.MIN_AREAS || areas.size() > RichMenuLayout.MAX_AREAS) {
            problems.add("areas: give 2 to 6 areas (1-3 make one row, 4-6 two rows of three)");
            return problems;
        }
        for (int i = 0; i < areas.size(); i++) {
            Area a = areas.get(i);
            String at = "areas[" + i + "]";
            if (a == null || a.label() == null || a.label().isBlank() || a.label().length() > MAX_LABEL) {
                problems.add(at + ".label: 1 to " + MAX_LABEL + " characters");
            }
            AreaAction action = a == null ? null : a.action();
            String type = action == null ? null : action.type();
            if (type == null) {
                problems.add(at + ".action.type: one of procedure, menu, attributes, shelter, url");
            } else if (type.equals("procedure")) {
                if (action.procedureId() == null || !PROCEDURE_ID.matcher(action.procedureId()).matches()) {
                    problems.add(at + ".action.procedureId: the id of a published procedure (lower-case letters, digits, hyphens)");
                }
            } else if (type.equals("url")) {
                if (action.url() == null || !action.url().startsWith("https://") || action.url().length() > 1000) {
                    problems.add(at + ".action.url: an https:// address of at most 1000 characters");
                }
            } else if (!type.equals("menu") && !type.equals("attributes") && !type.equals("shelter")) {
                problems.add(at + ".action.type: one of procedure, menu, attributes, shelter, url (not '" + type + "')");
            }
        }
        return problems;
    }

    /** The LINE action of an area: postbacks the inbox understands, or a link. */
    static Action lineAction(Area area) {
        return switch (area.action().type()) {
            case "procedure" -> new PostbackAction(area.label(), "start:" + area.action().procedureId(), area.label(), null, null, null);
            case "menu" -> new PostbackAction(area.label(), "menu", area.label(), null, null, null);
            case "attributes" -> new PostbackAction(area.label(), "attrs", area.label(), null, null, null);
            case "shelter" -> new PostbackAction(area.label(), Shelters.POSTBACK, area.label(), null, null, null);
            default -> new URIAction(area.label(), URI.create(area.action().url()), null);
        };
    }

    /**
     * Creates the menu in LINE, uploads its image, makes it the default, keeps the mapping; answers the richMenuId.
     * In disaster mode the shelters-first menu stays the default: this one becomes it when the mode is switched off.
     */
    public String apply(TenantId tenant, List<Area> areas, String setBy) throws Exception {
        MessagingApiClient client = client(tenant);
        String richMenuId = create(tenant, areas, "メニュー");
        if (!disasterMode.on(tenant)) {
            client.setDefaultRichMenu(richMenuId).get(15, TimeUnit.SECONDS);
        }
        Optional<Current> previous = current(tenant);
        List<Document> stored = areas.stream().map(a -> new Document("label", a.label()).append("type", a.action().type())
                .append("procedureId", a.action().procedureId()).append("url", a.action().url())).toList();
        Mono.from(collection(tenant).replaceOne(eq("_id", "current"), new Document("_id", "current").append("richMenuId", richMenuId)
                        .append("areas", stored).append("setAt", Date.from(Instant.now())).append("setBy", setBy),
                new ReplaceOptions().upsert(true))).block(Duration.ofSeconds(10));
        previous.filter(p -> !p.richMenuId().equals(richMenuId)).ifPresent(p -> {
            try {
                client.deleteRichMenu(p.richMenuId()).get(15, TimeUnit.SECONDS); // the old one is no longer anyone's menu
            } catch (Exception e) {
                log.info("event=rich-menu-old-not-deleted tenant={} reason={}", tenant, e.getClass().getSimpleName());
            }
        });
        log.info("event=rich-menu-set tenant={} areas={}", tenant, areas.size());
        return richMenuId;
    }

    /** Creates a LINE rich menu of {@code areas} with its image (not yet anyone's menu); answers its richMenuId. */
    String create(TenantId tenant, List<Area> areas, String chatBarText) throws Exception {
        MessagingApiClient client = client(tenant);
        RichMenuLayout layout = new RichMenuLayout(areas.size());
        List<RichMenuArea> lineAreas = new ArrayList<>();
        for (int i = 0; i < areas.size(); i++) {
            int[] b = layout.bounds(i);
            lineAreas.add(new RichMenuArea(new RichMenuBounds((long) b[0], (long) b[1], (long) b[2], (long) b[3]), lineAction(areas.get(i))));
        }
        RichMenuRequest request = new RichMenuRequest(new RichMenuSize((long) RichMenuLayout.WIDTH, (long) layout.height()), true,
                "madoguchi-" + tenant.code() + "-" + Instant.now().getEpochSecond(), chatBarText, lineAreas);
        String richMenuId = client.createRichMenu(request).get(15, TimeUnit.SECONDS).body().richMenuId();
        byte[] png = RichMenuImage.png(layout, areas.stream().map(Area::label).toList());
        blobClient(tenant).setRichMenuImage(richMenuId, UploadFile.fromByteArray(png, "image/png")).get(30, TimeUnit.SECONDS);
        return richMenuId;
    }

    MessagingApiClient client(TenantId tenant) {
        return channels.client(tenant).orElseThrow(() -> new IllegalStateException("no LINE channel is configured for " + tenant));
    }

    public Optional<Current> current(TenantId tenant) {
        Document d = Mono.from(collection(tenant).find(eq("_id", "current")).first()).block(Duration.ofSeconds(10));
        if (d == null) {
            return Optional.empty();
        }
        List<Area> areas = d.getList("areas", Document.class, List.of()).stream()
                .map(a -> new Area(a.getString("label"), new AreaAction(a.getString("type"), a.getString("procedureId"), a.getString("url"))))
                .toList();
        return Optional.of(new Current(d.getString("richMenuId"), areas, d.getDate("setAt").toInstant(), d.getString("setBy")));
    }

    private MessagingApiBlobClient blobClient(TenantId tenant) {
        return channels.blobClient(tenant).orElseThrow(() -> new IllegalStateException("no LINE channel is configured for " + tenant));
    }

    private com.mongodb.reactivestreams.client.MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection("rich_menu");
    }
}
