package jp.madoguchi.notification.garbage;

import static jp.madoguchi.platform.ical.ContentLines.line;
import static jp.madoguchi.platform.ical.ContentLines.text;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A district's collections as an RFC 5545 calendar that residents subscribe to: one all-day VEVENT per date and
 * type. UIDs derive from town, district, date and type, and DTSTAMP is the import time, so an unchanged calendar
 * downloads byte for byte the same and subscribers see no churn.
 */
final class ICalendar {

    static final String MEDIA_TYPE = "text/calendar;charset=utf-8";
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ICalendar() {
    }

    static String of(String tenant, District district, List<GarbageCalendar.Collection> collections, Instant stamp) {
        StringBuilder ics = new StringBuilder();
        line(ics, "BEGIN:VCALENDAR");
        line(ics, "VERSION:2.0");
        line(ics, "PRODID:-//Madoguchi//garbage calendar//JA");
        line(ics, "CALSCALE:GREGORIAN");
        line(ics, "METHOD:PUBLISH");
        line(ics, "X-WR-CALNAME:" + text("ごみ収集日 " + district.name()));
        line(ics, "X-WR-TIMEZONE:Asia/Tokyo");
        for (GarbageCalendar.Collection c : collections) {
            line(ics, "BEGIN:VEVENT");
            line(ics, "UID:" + c.date().format(DATE) + "-" + District.keyOf(c.type()) + "-" + district.key() + "@" + tenant + ".garbage.madoguchi");
            line(ics, "DTSTAMP:" + STAMP.format(stamp));
            line(ics, "DTSTART;VALUE=DATE:" + c.date().format(DATE));
            line(ics, "DTEND;VALUE=DATE:" + c.date().plusDays(1).format(DATE));
            line(ics, "SUMMARY:" + text(c.type()));
            line(ics, "TRANSP:TRANSPARENT");
            line(ics, "END:VEVENT");
        }
        line(ics, "END:VCALENDAR");
        return ics.toString();
    }
}
