package jp.madoguchi.conversation.resident;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a resident may tell the town, each only with explicit consent, so notices can be sent to the
 * right people: district (from the town's districts), age band, a household with school children,
 * preferred language. Values are codes; labels are what the resident reads.
 */
public final class ResidentAttributes {

    public static final String DISTRICT = "district";
    public static final String AGE_BAND = "ageBand";
    public static final String SCHOOL_CHILDREN = "schoolChildren";
    public static final String LANGUAGE = "language";

    /** One choice: the code kept and the label shown. */
    public record Option(String value, String label) {
    }

    /** The attributes in the order they are shown, with their Japanese names. */
    public static final Map<String, String> NAMES = names();

    public static final List<Option> AGE_BANDS = List.of(new Option("u20", "10代以下"), new Option("20s", "20代"),
            new Option("30s", "30代"), new Option("40s", "40代"), new Option("50s", "50代"), new Option("60s", "60代"),
            new Option("70plus", "70代以上"));
    public static final List<Option> YES_NO = List.of(new Option("yes", "いる"), new Option("no", "いない"));
    public static final List<Option> LANGUAGES = List.of(new Option("ja", "日本語"), new Option("easy-ja", "やさしい日本語"),
            new Option("en", "English"), new Option("zh", "中文"), new Option("ko", "한국어"), new Option("vi", "Tiếng Việt"));

    private ResidentAttributes() {
    }

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(DISTRICT, "お住まいの地区");
        names.put(AGE_BAND, "年代");
        names.put(SCHOOL_CHILDREN, "小中学生のお子さん");
        names.put(LANGUAGE, "お知らせの言語");
        return java.util.Collections.unmodifiableMap(names);
    }

    public static boolean known(String key) {
        return NAMES.containsKey(key);
    }

    /** The fixed choices of {@code key}; districts come from the town ({@code districts}). */
    public static List<Option> options(String key, List<Option> districts) {
        return switch (key) {
            case DISTRICT -> districts;
            case AGE_BAND -> AGE_BANDS;
            case SCHOOL_CHILDREN -> YES_NO;
            case LANGUAGE -> LANGUAGES;
            default -> List.of();
        };
    }

    /** The label of {@code value} for {@code key}, or the value itself when unknown (e.g. a district renamed since). */
    public static String label(String key, String value, List<Option> districts) {
        Optional<Option> option = options(key, districts).stream().filter(o -> o.value().equals(value)).findFirst();
        return option.map(Option::label).orElse(value);
    }
}
