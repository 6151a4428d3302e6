package jp.madoguchi.conversation.shelter;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.Reply.QuickOption;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * 「避難所」 for residents, tap-first: which hazard (quick replies), then the resident's location (the channel's location
 * chip), then the three nearest shelters designated for that hazard with their distance and a directions link.
 * Channel-neutral: the counter calls it, LINE and the web chat render the replies. The hazard a resident chose is kept
 * ({@value #ASKS}) until their location arrives, at most {@link #CHOICE_KEPT}; the location itself is never stored.
 */
@Component
public class Shelters {

    /** Postback data of 「避難所」; every tap of this menu starts with it. */
    public static final String POSTBACK = "shelter";
    static final String HAZARD_PREFIX = POSTBACK + ":hazard:";
    /** {@code shelter:near:<hazard>:<lat>,<lng>}: the same place again for another hazard, so a resident re-chooses by a tap. */
    static final String NEAR_PREFIX = POSTBACK + ":near:";
    /** The menu label; in disaster mode it comes first. */
    public static final String LABEL = "避難所をさがす";
    static final String ANY = "ANY";
    static final Set<String> WORDS = Set.of("避難所", "避難場所", "ひなんじょ", "ひなんばしょ", "避難所をさがす", "避難所を探す",
            "ひなんじょをさがす");
    static final String ASKS = "shelter_asks";
    static final Duration CHOICE_KEPT = Duration.ofMinutes(30);
    static final int SHOWN = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final String WHICH_HAZARD = "どの 災害の ときの 避難所を さがしますか？ 下から えらんでください。";
    static final String SEND_LOCATION = "%sの ときに 逃げる 避難所を さがします。いま いる 場所を 送ってください。"
            + "下の「位置情報を送る」を 押してください。";
    static final String NONE_IMPORTED = "ごめんなさい。この 町の 避難所の 情報は、まだ ありません。町の ホームページか 役場で たしかめてください。";
    static final String NONE_SUITABLE = "ごめんなさい。%sの ときに 使える 避難所は、町の 一覧に ありません。町の ホームページか 役場で たしかめてください。";
    static final String NEAREST = "%sの ときの、近い 避難所です。";
    static final String NEAREST_ANY = "近い 避難所です。災害に よっては 使えない 場所も あります。下で 災害を えらぶと、その 災害に 合う 避難所を さがせます。";
    static final String CAREFUL = "あわてずに、安全な 道を 通って ください。";

    /** The hazards residents choose from, in the words they use; 「その他」 shows any shelter. */
    record Choice(String label, Hazard hazard) {
    }

    static final List<Choice> CHOICES = List.of(new Choice("地震", Hazard.EARTHQUAKE), new Choice("洪水", Hazard.FLOOD),
            new Choice("津波", Hazard.TSUNAMI), new Choice("土砂災害", Hazard.LANDSLIDE), new Choice("火事", Hazard.FIRE),
            new Choice("その他", null));

    private final ShelterDirectory directory;
    private final TenantMongo mongo;

    Shelters(ShelterDirectory directory, TenantMongo mongo) {
        this.directory = directory;
        this.mongo = mongo;
    }

    /** Whether typed text (any width, spaces and 。 ignored) asks for shelters. */
    public static boolean asks(String typed) {
        return typed != null && WORDS.contains(Normalizer.normalize(typed, Normalizer.Form.NFKC).replaceAll("\\s+", "").replace("。", ""));
    }

    /** Whether postback data belongs to this menu. */
    public static boolean isMine(String data) {
        return POSTBACK.equals(data) || (data != null && data.startsWith(POSTBACK + ":"));
    }

    /** Whether the town has imported shelters, so menus offer 「避難所」. */
    public boolean offered(TenantId tenant) {
        return !directory.current(tenant).shelters().isEmpty();
    }

    /** The answer to a tap of this menu: the hazard question, or (a hazard tapped) the request for a location. */
    public List<Reply> answer(TenantId tenant, String residentId, String data, Instant at) {
        if (directory.current(tenant).shelters().isEmpty()) {
            return List.of(new Reply.Ask(NONE_IMPORTED, List.of(new QuickOption("メニュー", "menu"))));
        }
        if (data.startsWith(NEAR_PREFIX)) {
            Optional<List<Reply>> again = nearAgain(tenant, data.substring(NEAR_PREFIX.length()));
            if (again.isPresent()) {
                return again.get();
            }
        }
        if (data.startsWith(HAZARD_PREFIX)) {
            String code = data.substring(HAZARD_PREFIX.length());
            for (Choice choice : CHOICES) {
                if (code.equals(code(choice))) {
                    Mono.from(asks(tenant).replaceOne(eq("_id", residentId), new Document("_id", residentId).append("hazard", code)
                            .append("at", Date.from(at)), new ReplaceOptions().upsert(true))).block(TIMEOUT);
                    String label = choice.hazard() == null ? "災害" : choice.label();
                    return List.of(new Reply.AskLocation(String.format(SEND_LOCATION, label), List.of(new QuickOption("やめる", "menu"))));
                }
            }
        }
        return List.of(hazardQuestion());
    }

    static Reply hazardQuestion() {
        List<QuickOption> options = new ArrayList<>();
        for (Choice choice : CHOICES) {
            options.add(new QuickOption(choice.label(), HAZARD_PREFIX + code(choice)));
        }
        return new Reply.Ask(WHICH_HAZARD, options);
    }

    /** Whether the resident chose a hazard and has not sent their location since. */
    public boolean awaitsLocation(TenantId tenant, String residentId, Instant at) {
        return choice(tenant, residentId, at) != null;
    }

    /** The nearest shelters to where the resident is, for the hazard they chose (any, if none). */
    public List<Reply> nearest(TenantId tenant, String residentId, double latitude, double longitude, Instant at) {
        String code = choice(tenant, residentId, at);
        if (code != null) {
            Mono.from(asks(tenant).deleteOne(eq("_id", residentId))).block(TIMEOUT);
        }
        return nearest(tenant, choiceOf(code), latitude, longitude);
    }

    private List<Reply> nearest(TenantId tenant, Choice choice, double latitude, double longitude) {
        List<Shelter> shelters = directory.current(tenant).shelters();
        if (shelters.isEmpty()) {
            return List.of(new Reply.Ask(NONE_IMPORTED, List.of(new QuickOption("メニュー", "menu"))));
        }
        return List.of(new Reply.Ask(describe(choice, NearestShelters.rank(shelters, latitude, longitude, choice.hazard(), SHOWN)),
                otherHazards(choice, latitude, longitude)));
    }

    /** Every other hazard for the same place (the tap carries the place, nothing is stored), then the menu. */
    static List<QuickOption> otherHazards(Choice shown, double latitude, double longitude) {
        List<QuickOption> options = new ArrayList<>();
        String place = String.format(Locale.ROOT, "%.6f,%.6f", latitude, longitude);
        for (Choice choice : CHOICES) {
            if (!choice.equals(shown)) {
                options.add(new QuickOption(choice.label(), NEAR_PREFIX + code(choice) + ":" + place));
            }
        }
        options.add(new QuickOption("メニュー", "menu"));
        return options;
    }

    /** A {@code shelter:near:} tap; empty when its data was not ours (then the hazard question is asked). */
    private Optional<List<Reply>> nearAgain(TenantId tenant, String rest) {
        String[] parts = rest.split("[:,]");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            double latitude = Double.parseDouble(parts[1]);
            double longitude = Double.parseDouble(parts[2]);
            if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
                return Optional.empty();
            }
            return CHOICES.stream().filter(c -> code(c).equals(parts[0])).findFirst()
                    .map(c -> nearest(tenant, c, latitude, longitude));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String code(Choice choice) {
        return choice.hazard() == null ? ANY : choice.hazard().name();
    }

    private static Choice choiceOf(String code) {
        return CHOICES.stream().filter(c -> code(c).equals(code)).findFirst().orElse(CHOICES.get(CHOICES.size() - 1));
    }

    static String describe(Choice choice, List<NearestShelters.Nearby> nearby) {
        if (nearby.isEmpty()) {
            return String.format(NONE_SUITABLE, choice.label());
        }
        StringBuilder text = new StringBuilder(choice.hazard() == null ? NEAREST_ANY : String.format(NEAREST, choice.label()));
        int n = 1;
        for (NearestShelters.Nearby near : nearby) {
            Shelter s = near.shelter();
            text.append("\n\n").append(n++).append(". ").append(s.name());
            if (!s.address().isEmpty()) {
                text.append("\n").append(s.address());
            }
            text.append("\nここから 約").append(NearestShelters.distance(near.metres()))
                    .append("\n道順: ").append(directions(s));
        }
        return text.append("\n\n").append(CAREFUL).toString();
    }

    static String directions(Shelter s) {
        return String.format(Locale.ROOT, "https://www.google.com/maps/dir/?api=1&destination=%.6f,%.6f", s.latitude(), s.longitude());
    }

    private String choice(TenantId tenant, String residentId, Instant at) {
        Document d = Mono.from(asks(tenant).find(eq("_id", residentId)).first()).block(TIMEOUT);
        if (d == null || d.getDate("at").toInstant().plus(CHOICE_KEPT).isBefore(at)) {
            return null;
        }
        return d.getString("hazard");
    }

    private MongoCollection<Document> asks(TenantId tenant) {
        return mongo.database(tenant).getCollection(ASKS);
    }
}
