package jp.madoguchi.notification.garbage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The wire form of {@link TownRules}, read by hand so that every problem names its place in Japanese:
 * <pre>{"holidays": {"燃やすごみ": "skip"},
 *  "breaks": [{"from": "2026-12-31", "to": "2027-01-03", "types": []}],
 *  "extraDays": [{"date": "2026-12-30", "type": "燃やすごみ", "districts": []}]}</pre>
 * Types and districts must be ones of the imported calendar, when there is one.
 */
final class RulesJson {

    static final int MAX_BREAKS = 50;
    static final int MAX_EXTRA_DAYS = 500;

    /** The rules cannot be used; each problem says where and what. */
    static final class InvalidRulesException extends Exception {
        private final List<String> problems;

        InvalidRulesException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final Optional<GarbageCalendar> calendar;

    private RulesJson(Optional<GarbageCalendar> calendar) {
        this.calendar = calendar;
    }

    static TownRules read(JsonNode json, Optional<GarbageCalendar> calendar) throws InvalidRulesException {
        return new RulesJson(calendar).parse(json);
    }

    private TownRules parse(JsonNode json) throws InvalidRulesException {
        if (json == null || !json.isObject()) {
            throw new InvalidRulesException(List.of("{\"holidays\": {…}, \"breaks\": […], \"extraDays\": […]} の形で送ってください"));
        }
        Map<String, TownRules.HolidayPolicy> holidays = new LinkedHashMap<>();
        JsonNode h = json.path("holidays");
        if (!h.isMissingNode() && !h.isObject()) {
            problems.add("holidays: {\"燃やすごみ\": \"skip\"} のように、種類ごとに \"collect\"（祝日も収集）か \"skip\"（祝日は収集しない）を書いてください");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "holidays.「" + e.getKey() + "」";
            type(where, e.getKey());
            switch (e.getValue().asText("")) {
                case "collect" -> holidays.put(e.getKey(), TownRules.HolidayPolicy.COLLECT);
                case "skip" -> holidays.put(e.getKey(), TownRules.HolidayPolicy.SKIP);
                default -> problems.add(where + ": \"collect\"（祝日も収集）か \"skip\"（祝日は収集しない）のどちらかにしてください");
            }
        }
        List<TownRules.Break> breaks = new ArrayList<>();
        JsonNode b = array("breaks", json.path("breaks"), MAX_BREAKS);
        for (int i = 0; i < b.size(); i++) {
            String where = "breaks[" + i + "]";
            Optional<LocalDate> from = date(where + ".from", b.get(i).path("from"));
            Optional<LocalDate> to = date(where + ".to", b.get(i).path("to"));
            Set<String> types = strings(where + ".types", b.get(i).path("types"));
            types.forEach(t -> type(where + ".types", t));
            if (from.isPresent() && to.isPresent()) {
                if (to.get().isBefore(from.get())) {
                    problems.add(where + ": 終わりの日（to）を始まりの日（from）と同じか後にしてください");
                } else {
                    breaks.add(new TownRules.Break(from.get(), to.get(), types));
                }
            }
        }
        List<TownRules.ExtraDay> extras = new ArrayList<>();
        JsonNode x = array("extraDays", json.path("extraDays"), MAX_EXTRA_DAYS);
        for (int i = 0; i < x.size(); i++) {
            String where = "extraDays[" + i + "]";
            Optional<LocalDate> date = date(where + ".date", x.get(i).path("date"));
            String type = x.get(i).path("type").asText("").strip();
            if (type.isEmpty()) {
                problems.add(where + ".type: 収集するごみの種類を書いてください");
            } else {
                type(where + ".type", type);
            }
            Set<String> districts = strings(where + ".districts", x.get(i).path("districts"));
            for (String d : districts) {
                if (calendar.isPresent() && calendar.get().district(d).isEmpty()) {
                    problems.add(where + ".districts: 地区「" + d + "」は取り込んだカレンダーにありません");
                }
            }
            date.filter(d -> !type.isEmpty()).ifPresent(d -> extras.add(new TownRules.ExtraDay(d, type, districts)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return new TownRules(holidays, breaks, extras);
    }

    private void type(String where, String type) {
        if (calendar.isPresent() && calendar.get().types().stream().noneMatch(t -> t.label().equals(type))) {
            problems.add(where + ": ごみの種類「" + type + "」は取り込んだカレンダーにありません");
        }
    }

    private JsonNode array(String where, JsonNode node, int max) {
        if (node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            problems.add(where + ": 配列 […] にしてください");
            return JsonNodeFactory.instance.arrayNode();
        }
        if (node.size() > max) {
            problems.add(where + ": " + max + "件までです（" + node.size() + "件あります）");
            return JsonNodeFactory.instance.arrayNode();
        }
        return node;
    }

    private Optional<LocalDate> date(String where, JsonNode node) {
        try {
            return Optional.of(LocalDate.parse(node.asText("")));
        } catch (DateTimeParseException e) {
            problems.add(where + ": 日付を \"2026-12-31\" の形で書いてください");
            return Optional.empty();
        }
    }

    private Set<String> strings(String where, JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(where + ": 配列 […] にしてください（空の配列はすべて）");
            return out;
        }
        node.forEach(n -> {
            if (n.isTextual() && !n.asText().isBlank()) {
                out.add(n.asText().strip());
            } else {
                problems.add(where + ": 名前を文字列で書いてください");
            }
        });
        return out;
    }

    static ObjectNode write(TownRules rules) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode holidays = json.putObject("holidays");
        rules.holidays().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> holidays.put(e.getKey(), e.getValue().name().toLowerCase(Locale.ROOT)));
        ArrayNode breaks = json.putArray("breaks");
        rules.breaks().forEach(b -> {
            ArrayNode types = breaks.addObject().put("from", b.from().toString()).put("to", b.to().toString()).putArray("types");
            b.types().stream().sorted().forEach(types::add);
        });
        ArrayNode extras = json.putArray("extraDays");
        rules.extras().forEach(x -> {
            ObjectNode n = extras.addObject().put("date", x.date().toString()).put("type", x.type());
            ArrayNode districts = n.putArray("districts");
            x.districts().stream().sorted().forEach(districts::add);
        });
        return json;
    }
}
