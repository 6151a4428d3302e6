package jp.madoguchi.notification.lunch;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.madoguchi.platform.csv.Csv;

/**
 * Reads a town's month of school lunches from CSV ({@code 日付,献立,主な食材,エネルギー(kcal),アレルギー}, optionally
 * {@code 学校}): UTF-8 or Shift_JIS as {@link Csv} reads them. Every problem is collected with its line, in Japanese,
 * so staff fix the file in one go; a file with any problem is refused whole.
 */
final class LunchMenuCsv {

    static final int MAX_PROBLEMS = 50;
    private static final Pattern DATE = Pattern.compile("(\\d{4})[/-](\\d{1,2})[/-](\\d{1,2})");
    // dishes and allergens with any separator spreadsheets use (after NFKC: ，／ are , /; a full-width space is one space, kept inside a name)
    private static final Pattern LIST = Pattern.compile("[・、,/\\n\\r]+|\\s{2,}");
    private static final Pattern KCAL = Pattern.compile("(\\d+)(?:\\.\\d+)?\\s*(?:kcal)?", Pattern.CASE_INSENSITIVE);

    /** The file's month and its days, sorted by date, then school. */
    record Parsed(YearMonth month, List<LunchDay> days) {
    }

    /** The file could not be taken; {@code problems} name their lines. */
    static final class InvalidMenuException extends Exception {
        private final List<String> problems;

        InvalidMenuException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    private LunchMenuCsv() {
    }

    static Parsed read(byte[] bytes) throws InvalidMenuException {
        return read(Csv.decode(bytes));
    }

    static Parsed read(String text) throws InvalidMenuException {
        List<Csv.Row> rows;
        try {
            rows = Csv.parse(text).stream().filter(r -> !r.blank()).toList();
        } catch (Csv.MalformedCsvException e) {
            throw new InvalidMenuException(List.of(e.getMessage()));
        }
        if (rows.isEmpty()) {
            throw new InvalidMenuException(List.of("ファイルが空です。1行目に「日付,献立,主な食材,エネルギー(kcal),アレルギー」の見出しを書いてください"));
        }
        Csv.Row header = rows.get(0);
        Map<String, Integer> columns = columns(header);
        List<String> problems = new ArrayList<>();
        for (String required : List.of("日付", "献立")) {
            if (!columns.containsKey(required)) {
                problems.add(header.line() + "行目: 「" + required + "」の列がありません。見出しは「日付,献立,主な食材,エネルギー(kcal),アレルギー」（必要なら「学校」も）としてください");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMenuException(problems);
        }
        boolean schools = columns.containsKey("学校");
        List<LunchDay> days = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        YearMonth month = null;
        int monthLine = 0;
        for (Csv.Row row : rows.subList(1, rows.size())) {
            int line = row.line();
            String dateCell = cell(row, columns, "日付");
            LocalDate date = date(dateCell);
            if (date == null) {
                problems.add(line + "行目「日付」: 「" + dateCell + "」は日付として読めません。「2026/12/8」か「2026-12-08」の形で書いてください");
            } else if (month == null) {
                month = YearMonth.from(date);
                monthLine = line;
            } else if (!month.equals(YearMonth.from(date))) {
                problems.add(line + "行目「日付」: " + date.getYear() + "年" + date.getMonthValue() + "月の日付です。" + monthLine + "行目からは"
                        + month.getYear() + "年" + month.getMonthValue() + "月の献立なので、1か月分ずつ取り込んでください");
            }
            List<String> dishes = list(cell(row, columns, "献立"));
            if (dishes.isEmpty()) {
                problems.add(line + "行目「献立」: 献立が空です。給食のない日は行ごと消してください");
            }
            String school = schools ? cell(row, columns, "学校") : "";
            if (schools && school.isEmpty()) {
                problems.add(line + "行目「学校」: 学校（給食センター）の名前が空です。学校の列がある献立では、どの行にも名前を書いてください");
            }
            Integer kcal = null;
            String kcalCell = cell(row, columns, "エネルギー");
            if (!kcalCell.isEmpty()) {
                Matcher m = KCAL.matcher(kcalCell);
                if (m.matches()) {
                    kcal = Integer.valueOf(m.group(1));
                } else {
                    problems.add(line + "行目「エネルギー(kcal)」: 「" + kcalCell + "」は数として読めません。「650」のように数字で書くか、空にしてください");
                }
            }
            if (date != null) {
                Integer before = seen.putIfAbsent(date + "\n" + school, line);
                if (before != null) {
                    problems.add(line + "行目: " + date.getMonthValue() + "月" + date.getDayOfMonth() + "日" + (school.isEmpty() ? "" : "（" + school + "）")
                            + "の献立は" + before + "行目にもあります。1日1行にしてください");
                }
            }
            if (problems.isEmpty()) {
                days.add(new LunchDay(date, school, dishes, cell(row, columns, "主な食材"), kcal, list(cell(row, columns, "アレルギー"))));
            }
            if (problems.size() >= MAX_PROBLEMS) {
                break;
            }
        }
        if (problems.isEmpty() && days.isEmpty()) {
            problems.add("献立の行がありません。2行目から1日1行で書いてください");
        }
        if (!problems.isEmpty()) {
            throw new InvalidMenuException(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
        }
        days.sort((a, b) -> a.date().equals(b.date()) ? a.school().compareTo(b.school()) : a.date().compareTo(b.date()));
        return new Parsed(month, days);
    }

    /** The columns by their name: header cells are read loosely (full-width, 「エネルギー（kcal）」, 「学校名」). */
    private static Map<String, Integer> columns(Csv.Row header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String name = normalize(header.cell(i));
            String column = name.startsWith("日付") ? "日付"
                    : name.startsWith("献立") ? "献立"
                    : name.startsWith("主な食材") || name.equals("食材") ? "主な食材"
                    : name.startsWith("エネルギー") ? "エネルギー"
                    : name.startsWith("アレルギー") ? "アレルギー"
                    : name.startsWith("学校") || name.equals("給食センター") || name.equals("調理場") ? "学校"
                    : null;
            if (column != null) {
                columns.putIfAbsent(column, i);
            }
        }
        return columns;
    }

    private static String cell(Csv.Row row, Map<String, Integer> columns, String column) {
        Integer i = columns.get(column);
        return i == null ? "" : normalize(row.cell(i));
    }

    private static LocalDate date(String cell) {
        Matcher m = DATE.matcher(cell);
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static List<String> list(String cell) {
        return Arrays.stream(LIST.split(cell)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Full-width digits, letters and parentheses as half-width (NFKC), as Excel on a Japanese PC often types them. */
    private static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
    }
}
