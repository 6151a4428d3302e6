package jp.madoguchi.notification.garbage;

import jp.madoguchi.platform.csv.Csv;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads Code for Japan's "5374" open-data files into a calendar: {@code area_days.csv} (地名, センター, then one
 * column per type with cells such as {@code 月 木}, {@code 火2 火4}, {@code 20260105}, {@code 月:4 5 6} for some
 * months only, {@code *1} for a remark, empty or {@code *} for none), {@code center.csv} (名称, 休止開始日,
 * 休止終了日: the centre's year-end break), {@code description.csv} (label, sublabel, description, styles, bgcolor)
 * and {@code target.csv} (type, name, notice, furigana). Every problem is collected with its file and line, in
 * Japanese for the town's staff, and nothing is returned unless all files are sound.
 */
final class FiveThreeSevenFour {

    static final String AREA_DAYS = "area_days.csv";
    static final String CENTER = "center.csv";
    static final String DESCRIPTION = "description.csv";
    static final String TARGET = "target.csv";
    static final List<String> FILES = List.of(AREA_DAYS, CENTER, DESCRIPTION, TARGET);

    static final int MAX_DISTRICTS = 5000;
    static final int MAX_TYPES = 40;
    static final int MAX_PROBLEMS = 50;

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/M/d").withResolverStyle(ResolverStyle.STRICT);
    private static final String SYNTAX = "毎週は「月」、第n曜日は「火2」、日付は「20260105」、特定の月だけは「月:4 5 6」、"
            + "収集なしは空欄か「*」、複数は半角スペースで区切って「月 木」のように書いてください";

    /** A calendar read from the files, and how many item rows {@code target.csv} had. */
    record Parsed(List<GarbageCalendar.GarbageType> types, List<District> districts, Map<String, TownRules.Break> centerBreaks,
                  int targetItems) {
    }

    /** The files cannot be used; {@code problems} say where and what, one line each. */
    static final class InvalidFilesException extends Exception {
        private final List<String> problems;

        InvalidFilesException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    private final List<String> problems = new ArrayList<>();
    private int dropped;

    private FiveThreeSevenFour() {
    }

    /** Reads the decoded files, keyed by their 5374 names; only {@value #AREA_DAYS} is required. */
    static Parsed read(Map<String, String> files) throws InvalidFilesException {
        return new FiveThreeSevenFour().parse(files);
    }

    private Parsed parse(Map<String, String> files) throws InvalidFilesException {
        if (!files.containsKey(AREA_DAYS)) {
            throw new InvalidFilesException(List.of(AREA_DAYS + "がありません。地区ごとの収集日を書いた area_days.csv を含めてください"));
        }
        Map<String, TownRules.Break> centers = files.containsKey(CENTER) ? centers(rows(CENTER, files.get(CENTER))) : Map.of();
        List<District> districts = new ArrayList<>();
        List<String> typeNames = areaDays(rows(AREA_DAYS, files.get(AREA_DAYS)), centers, files.containsKey(CENTER), districts);
        List<GarbageCalendar.GarbageType> types = types(typeNames, files.containsKey(DESCRIPTION) ? rows(DESCRIPTION, files.get(DESCRIPTION)) : List.of());
        int items = files.containsKey(TARGET) ? targets(rows(TARGET, files.get(TARGET))) : 0;
        if (!problems.isEmpty()) {
            List<String> all = new ArrayList<>(problems);
            if (dropped > 0) {
                all.add("ほかに" + dropped + "件の問題があります。上の問題を直して、もう一度アップロードしてください");
            }
            throw new InvalidFilesException(all);
        }
        return new Parsed(types, districts, centers, items);
    }

    private List<Csv.Row> rows(String file, String text) {
        try {
            return Csv.parse(text).stream().filter(r -> !r.blank()).toList();
        } catch (Csv.MalformedCsvException e) {
            problem(file + " " + e.getMessage());
            return List.of();
        }
    }

    private List<String> areaDays(List<Csv.Row> rows, Map<String, TownRules.Break> centers, boolean hasCenterFile, List<District> out) {
        if (rows.isEmpty()) {
            problem(AREA_DAYS + ": 中身がありません。1行目に「地名,センター,燃やすごみ,…」の見出し、2行目から地区ごとの収集日を書いてください");
            return List.of();
        }
        Csv.Row header = rows.get(0);
        if (!header.cell(0).equals("地名") || header.cells().size() < 3) {
            problem(AREA_DAYS + " " + header.line() + "行目: 見出しは「地名,センター,ごみの種類1,ごみの種類2,…」の順にしてください（1列目が「"
                    + header.cell(0) + "」になっています）");
            return List.of();
        }
        List<String> types = new ArrayList<>();
        for (int c = 2; c < header.cells().size(); c++) {
            String type = header.cell(c);
            if (type.isEmpty()) {
                problem(AREA_DAYS + " " + header.line() + "行目 " + (c + 1) + "列目: ごみの種類の名前が空です");
            } else if (types.contains(type)) {
                problem(AREA_DAYS + " " + header.line() + "行目: ごみの種類「" + type + "」が2回あります。列の名前は1つずつにしてください");
            }
            types.add(type);
        }
        if (types.size() > MAX_TYPES) {
            problem(AREA_DAYS + ": ごみの種類は" + MAX_TYPES + "種類までです（" + types.size() + "種類あります）");
        }
        if (rows.size() - 1 > MAX_DISTRICTS) {
            problem(AREA_DAYS + ": 地区は" + MAX_DISTRICTS + "件までです（" + (rows.size() - 1) + "件あります）");
            return types;
        }
        Set<String> names = new HashSet<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            String name = row.cell(0);
            String where = AREA_DAYS + " " + row.line() + "行目";
            if (name.isEmpty()) {
                problem(where + ": 地名が空です");
                continue;
            }
            if (!names.add(name)) {
                problem(where + ": 地名「" + name + "」が2回あります。地区は1行ずつにしてください");
            }
            String center = row.cell(1);
            if (!center.isEmpty() && !centers.containsKey(center)) {
                problem(where + ": センター「" + center + "」が " + CENTER + (hasCenterFile ? " にありません" : " がないため使えません")
                        + "。center.csv に書くか、センター欄を空欄にしてください");
            }
            for (int c = header.cells().size(); c < row.cells().size(); c++) {
                if (!row.cell(c).isEmpty()) {
                    problem(where + ": 見出しより列が多くなっています（" + (c + 1) + "列目「" + row.cell(c) + "」）。セルの中のカンマを確認してください");
                    break;
                }
            }
            List<TypeSchedule> schedules = new ArrayList<>();
            for (int t = 0; t < types.size(); t++) {
                cell(where + "「" + types.get(t) + "」", types.get(t), row.cell(t + 2)).ifPresent(schedules::add);
            }
            out.add(new District(name, center, schedules));
        }
        return types;
    }

    private Optional<TypeSchedule> cell(String where, String type, String raw) {
        // full-width digits, spaces and colons, as a Japanese input method leaves them, read as half-width
        // *1 names a note in remarks.csv, not a day; it may stand before or after the months
        String cell = Normalizer.normalize(raw, Normalizer.Form.NFKC).replaceAll("\\*\\d+", " ").strip();
        if (cell.isEmpty() || cell.equals("*")) {
            return Optional.of(new TypeSchedule(type, List.of(), Set.of()));
        }
        String[] parts = cell.split(":", -1);
        if (parts.length > 2) {
            problem(where + ": 「" + raw + "」に「:」が2つあります。" + SYNTAX);
            return Optional.empty();
        }
        List<CollectionDay> days = new ArrayList<>();
        for (String token : parts[0].strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            Optional<CollectionDay> day = day(token);
            if (day.isEmpty()) {
                problem(where + ": 「" + token + "」は収集日として読めません。" + SYNTAX);
                return Optional.empty();
            }
            days.add(day.get());
        }
        Set<Month> months = new TreeSet<>();
        if (parts.length == 2) {
            for (String m : parts[1].strip().split("\\s+")) {
                if (!m.matches("\\d{1,2}") || Integer.parseInt(m) < 1 || Integer.parseInt(m) > 12) {
                    problem(where + ": 「:」のあとの「" + m + "」は月として読めません。「月:4 5 6」のように1〜12の数字を書いてください");
                    return Optional.empty();
                }
                months.add(Month.of(Integer.parseInt(m)));
            }
        }
        return Optional.of(new TypeSchedule(type, days, months));
    }

    private static Optional<CollectionDay> day(String token) {
        if (token.length() == 1) {
            return Weekdays.of(token.charAt(0)).map(CollectionDay.Weekly::new);
        }
        if (token.length() == 2) {
            // 火2 as the format says, and 2火 as some towns' files have it
            Optional<DayOfWeek> day = Weekdays.of(token.charAt(0)).or(() -> Weekdays.of(token.charAt(1)));
            char digit = Weekdays.of(token.charAt(0)).isPresent() ? token.charAt(1) : token.charAt(0);
            if (day.isPresent() && digit >= '1' && digit <= '5') {
                return Optional.of(new CollectionDay.NthWeekday(digit - '0', day.get()));
            }
            return Optional.empty();
        }
        if (token.matches("\\d{8}")) {
            try {
                return Optional.of(new CollectionDay.OnDate(LocalDate.parse(token, COMPACT)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Map<String, TownRules.Break> centers(List<Csv.Row> rows) {
        Map<String, TownRules.Break> centers = new LinkedHashMap<>();
        for (Csv.Row row : rows) {
            String where = CENTER + " " + row.line() + "行目";
            if (row.line() == rows.get(0).line() && date(row.cell(1)).isEmpty()) {
                continue; // the header: 名称,休止開始日,休止終了日
            }
            Optional<LocalDate> from = date(row.cell(1));
            Optional<LocalDate> to = date(row.cell(2));
            if (row.cell(0).isEmpty()) {
                problem(where + ": センターの名称が空です");
            } else if (from.isEmpty() || to.isEmpty()) {
                problem(where + ": 休止開始日と休止終了日は「2026/12/29」のように書いてください（「" + row.cell(1) + "」「" + row.cell(2) + "」）");
            } else if (to.get().isBefore(from.get())) {
                problem(where + ": 休止終了日 " + row.cell(2) + " が休止開始日 " + row.cell(1) + " より前です");
            } else if (centers.put(row.cell(0), new TownRules.Break(from.get(), to.get(), Set.of())) != null) {
                problem(where + ": センター「" + row.cell(0) + "」が2回あります");
            }
        }
        return centers;
    }

    private static Optional<LocalDate> date(String text) {
        try {
            return Optional.of(LocalDate.parse(Normalizer.normalize(text, Normalizer.Form.NFKC).replace('-', '/'), SLASHED));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private List<GarbageCalendar.GarbageType> types(List<String> names, List<Csv.Row> descriptions) {
        Map<String, GarbageCalendar.GarbageType> described = new LinkedHashMap<>();
        for (Csv.Row row : descriptions.isEmpty() ? descriptions : descriptions.subList(1, descriptions.size())) {
            if (row.cell(0).isEmpty()) {
                problem(DESCRIPTION + " " + row.line() + "行目: label（ごみの種類の名前）が空です");
            } else {
                described.putIfAbsent(row.cell(0), new GarbageCalendar.GarbageType(row.cell(0), row.cell(1), row.cell(2)));
            }
        }
        return names.stream().map(n -> described.getOrDefault(n, new GarbageCalendar.GarbageType(n, "", ""))).toList();
    }

    private int targets(List<Csv.Row> rows) {
        int items = 0;
        for (Csv.Row row : rows.isEmpty() ? rows : rows.subList(1, rows.size())) {
            if (row.cell(0).isEmpty() || row.cell(1).isEmpty()) {
                problem(TARGET + " " + row.line() + "行目: type（ごみの種類）と name（品目）を両方書いてください");
            } else {
                items++;
            }
        }
        return items;
    }

    private void problem(String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        } else {
            dropped++;
        }
    }
}
