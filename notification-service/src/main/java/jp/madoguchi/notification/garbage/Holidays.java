package jp.madoguchi.notification.garbage;

import jp.madoguchi.platform.csv.Csv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Japan's public holidays as the Cabinet Office publishes them ({@code syukujitsu.csv}: {@code 2025/1/1,元日}), so
 * that announced one-off changes need a new file rather than new code. The shipped copy is UTF-8 (the Cabinet
 * Office's is Shift_JIS; {@link Csv#decode} reads either). Dates beyond the file are treated as ordinary days.
 */
final class Holidays {

    private static final String RESOURCE = "syukujitsu.csv";
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/M/d");
    private static final Holidays SHIPPED = load();

    private final NavigableMap<LocalDate, String> names;

    Holidays(Map<LocalDate, String> names) {
        this.names = Collections.unmodifiableNavigableMap(new TreeMap<>(names));
    }

    /** The copy shipped with the service. */
    static Holidays shipped() {
        return SHIPPED;
    }

    /** Reads the Cabinet Office's format; the header row and blank rows are skipped. */
    static Holidays read(String text) {
        Map<LocalDate, String> names = new TreeMap<>();
        try {
            for (Csv.Row row : Csv.parse(text)) {
                if (row.blank() || row.cell(0).startsWith("国民の祝日")) {
                    continue;
                }
                try {
                    names.put(LocalDate.parse(row.cell(0), SLASHED), row.cell(1));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(RESOURCE + " line " + row.line() + ": not a date: " + row.cell(0), e);
                }
            }
        } catch (Csv.MalformedCsvException e) {
            throw new IllegalArgumentException(RESOURCE + ": " + e.getMessage(), e);
        }
        return new Holidays(names);
    }

    boolean isHoliday(LocalDate date) {
        return names.containsKey(date);
    }

    Optional<String> name(LocalDate date) {
        return Optional.ofNullable(names.get(date));
    }

    /** The last year the list covers: beyond it no day is a holiday, so the file must be renewed each February. */
    int lastYear() {
        return names.isEmpty() ? 0 : names.lastKey().getYear();
    }

    private static Holidays load() {
        try (InputStream in = Holidays.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(Csv.decode(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
