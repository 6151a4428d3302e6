package jp.madoguchi.conversation.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

/** A resident's answer to one question, typed by kind, with how it reads back on the summary. */
public sealed interface Answer {

    /** How the answer reads back to the resident on the confirmation summary. */
    String display();

    /** Free text, normalised (NFKC, trimmed); empty when an optional question was skipped. */
    record Text(String text) implements Answer {
        public String display() {
            return text.isEmpty() ? "（入力なし）" : text;
        }
    }

    record Choice(String value, String label) implements Answer {
        public String display() {
            return label;
        }
    }

    record Choices(List<String> values, List<String> labels) implements Answer {
        public Choices {
            values = List.copyOf(values);
            labels = List.copyOf(labels);
        }

        public String display() {
            return labels.isEmpty() ? "（なし）" : String.join("、", labels);
        }
    }

    record YesNo(boolean yes) implements Answer {
        public String display() {
            return yes ? "はい" : "いいえ";
        }
    }

    record Number(BigDecimal value, String unit) implements Answer {
        public String display() {
            return value.toPlainString() + (unit == null ? "" : unit);
        }
    }

    record Date(LocalDate date) implements Answer {
        public String display() {
            return Wording.date(date);
        }
    }

    record DateTime(LocalDateTime dateTime) implements Answer {
        public String display() {
            return Wording.date(dateTime.toLocalDate()) + " " + dateTime.getHour() + "時"
                    + String.format("%02d", dateTime.getMinute()) + "分";
        }
    }

    /** A place; latitude and longitude are absent when the resident typed an address instead. */
    record Location(Double latitude, Double longitude, String address) implements Answer {
        public String display() {
            if (address != null && !address.isBlank()) {
                return address;
            }
            return "地図で送った場所";
        }
    }

    /** The photos sent, by content id; none when an optional photo question was skipped. */
    record Photos(List<String> contentIds) implements Answer {
        public Photos {
            contentIds = List.copyOf(contentIds);
        }

        public String display() {
            return contentIds.isEmpty() ? "（写真なし）" : "写真" + contentIds.size() + "枚";
        }
    }

    /**
     * A reservation under way or made: the day picked, then the time, then the hold while the resident
     * confirms, then the booking (its id is the hold's). Only a booking is an accepted answer.
     */
    /**
     * A booking under way or made. {@code waitingPosition} is null for a booking; 0 while the resident picks a full
     * day and time to wait for; their place on that time's waiting list once joined ({@code bookingId} is then the waiter's id).
     */
    record Booking(String resourceId, LocalDate date, LocalTime start, String holdId, String bookingId, Integer waitingPosition)
            implements Answer {
        Booking(String resourceId, LocalDate date, LocalTime start, String holdId, String bookingId) {
            this(resourceId, date, start, holdId, bookingId, null);
        }

        public String display() {
            return date == null ? "" : Wording.date(date) + (start == null ? "" : " " + ReservationStep.time(start))
                    + (waiting() ? "（キャンセル待ち）" : "");
        }

        /** Joined a waiting list rather than booked. */
        public boolean waiting() {
            return waitingPosition != null && waitingPosition > 0;
        }

        boolean pickingWaitingList() {
            return waitingPosition != null && waitingPosition == 0;
        }

        Booking waitingListOn(LocalDate day) {
            return new Booking(resourceId, day, null, null, null, 0);
        }

        Booking onDay(LocalDate day) {
            return new Booking(resourceId, day, null, null, null);
        }

        Booking held(LocalTime at, String hold) {
            return new Booking(resourceId, date, at, hold, null);
        }

        Booking booked() {
            return new Booking(resourceId, date, start, holdId, holdId);
        }

        Booking waitingAt(LocalTime at, Reservations.Waiting place) {
            return new Booking(resourceId, date, at, null, place.waiterId(), place.position());
        }
    }
}
