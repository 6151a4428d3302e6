package jp.madoguchi.conversation.shelter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.madoguchi.platform.csv.Csv;
import jp.madoguchi.platform.csv.Csv.Row;

/**
 * Reads a town's shelter list in either national format, told apart by the header: GSI's 指定緊急避難場所 CSV
 * (施設・場所名, 住所, a column per hazard, 緯度, 経度) or the 自治体標準オープンデータセット 指定緊急避難場所一覧 (名称,
 * 所在地_連結表記, 災害種別_*, 想定収容人数). UTF-8, with or without a BOM; quoted cells may span lines. Every problem is
 * reported with its line, in Japanese staff can act on; a file with any problem yields no shelters.
 */
final class ShelterCsv {

    static final int MAX_SHELTERS = 5000;
    private static final Set<String> FLAGS = Set.of("◎", "○", "〇", "●", "1", "有", "あり", "true", "TRUE", "○(指定)");

    enum Format { GSI, STANDARD }

    /** What a file held: the shelters, or the problems that keep it from being imported. */
    record Parsed(Format format, List<Shelter> shelters, List<String> problems) {
    }

    private ShelterCsv() {
    }

    static Parsed parse(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            return failed("ファイルがUTF-8ではありません（Shift_JISかもしれません）。UTF-8で保存し直してからアップロードしてください。");
        }
        List<Row> rows;
        try {
            rows = Csv.parse(text);
        } catch (Csv.MalformedCsvException e) {
            return failed(e.getMessage());
        }
        if (rows.isEmpty()) {
            return failed("ファイルが空です。見出しの行と避難場所の行があるCSVをアップロードしてください。");
        }
        Map<String, Integer> header = new HashMap<>();
        List<String> names = rows.get(0).cells();
        for (int i = 0; i < names.size(); i++) {
            header.putIfAbsent(Normalizer.normalize(names.get(i), Normalizer.Form.NFKC).strip(), i);
        }
        Format format;
        String nameColumn;
        String addressColumn;
        String hazardPrefix;
        if (header.containsKey("施設・場所名")) {
            format = Format.GSI;
            nameColumn = "施設・場所名";
            addressColumn = "住所";
            hazardPrefix = "";
        } else if (header.containsKey("名称") && header.containsKey("所在地_連結表記")) {
            format = Format.STANDARD;
            nameColumn = "名称";
            addressColumn = "所在地_連結表記";
            hazardPrefix = "災害種別_";
        } else {
            return failed("1行目: 見出しが分かりません。国土地理院の指定緊急避難場所CSV（「施設・場所名」「住所」…）か、"
                    + "自治体標準オープンデータセットの指定緊急避難場所一覧（「名称」「所在地_連結表記」…）の見出しの行が必要です。");
        }
        List<String> problems = new ArrayList<>();
        List<String> required = new ArrayList<>(List.of(nameColumn, addressColumn, "緯度", "経度"));
        for (Hazard hazard : Hazard.values()) {
            required.add(hazardPrefix + hazard.column());
        }
        for (String column : required) {
            if (!header.containsKey(column)) {
                problems.add("1行目: 「" + column + "」の列がありません。");
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(format, List.of(), problems);
        }
        Integer capacityColumn = header.get("想定収容人数");
        List<Shelter> shelters = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            if (row.blank()) {
                continue;
            }
            String where = row.line() + "行目: ";
            String name = row.cell(header.get(nameColumn));
            String address = row.cell(header.get(addressColumn));
            if (name.isEmpty()) {
                problems.add(where + "「" + nameColumn + "」が空です。");
            }
            Double latitude = coordinate(row, header.get("緯度"), 20, 46, where + "「緯度」", problems);
            Double longitude = coordinate(row, header.get("経度"), 122, 154, where + "「経度」", problems);
            Set<Hazard> hazards = EnumSet.noneOf(Hazard.class);
            for (Hazard hazard : Hazard.values()) {
                if (FLAGS.contains(value(row, header.get(hazardPrefix + hazard.column())))) {
                    hazards.add(hazard);
                }
            }
            Integer capacity = null;
            if (capacityColumn != null && !value(row, capacityColumn).isEmpty()) {
                try {
                    capacity = Integer.valueOf(value(row, capacityColumn).replace(",", ""));
                } catch (NumberFormatException e) {
                    problems.add(where + "「想定収容人数」は数字で入れてください（「" + row.cell(capacityColumn) + "」）。");
                }
            }
            if (latitude != null && longitude != null && !name.isEmpty()) {
                shelters.add(new Shelter(name, address, latitude, longitude, hazards, capacity));
            }
        }
        if (shelters.isEmpty() && problems.isEmpty()) {
            problems.add("避難場所の行がありません。見出しの次の行から1か所ずつ入れてください。");
        }
        if (shelters.size() > MAX_SHELTERS) {
            problems.add("避難場所が多すぎます（" + shelters.size() + "か所）。1つの町で" + MAX_SHELTERS + "か所までです。");
        }
        return problems.isEmpty() ? new Parsed(format, List.copyOf(shelters), List.of()) : new Parsed(format, List.of(), problems);
    }

    private static Parsed failed(String problem) {
        return new Parsed(null, List.of(), List.of(problem));
    }

    /** A cell as written (names keep their full-width characters), without surrounding spaces. */
    /** A flag or a number, full-width digits read as ASCII. */
    private static String value(Row row, int column) {
        return Normalizer.normalize(row.cell(column), Normalizer.Form.NFKC).strip();
    }

    private static Double coordinate(Row row, int column, double min, double max, String what, List<String> problems) {
        String value = value(row, column);
        try {
            double degrees = Double.parseDouble(value);
            if (degrees >= min && degrees <= max) {
                return degrees;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(what + "が" + (value.isEmpty() ? "空です" : "「" + value + "」で、日本の中の度数（例: 44.2417）ではありません") + "。");
        return null;
    }
}
