package jp.madoguchi.conversation.engine;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * What a resident sent, already stripped of its channel: typed text, a tapped choice (a quick reply
 * or postback carries its {@link Reply.QuickOption#value()}), a shared location, a photo, a picked
 * date, or one of the commands 戻る / やめる / はじめから / 修正する.
 */
public sealed interface ResidentInput {

    String BACK = "cmd:back";
    String CANCEL = "cmd:cancel";
    String RESTART = "cmd:restart";
    String EDIT_PREFIX = "cmd:edit:";
    /** Finishes a multi-choice selection or a series of photos. */
    String DONE = "cmd:done";
    /** Leaves an optional text question empty. */
    String SKIP = "cmd:skip";
    /** Accepts the confirmation summary. */
    String CONFIRM = "cmd:confirm";
    /** After a long pause: carry on where the resident left off. */
    String RESUME = "cmd:resume";
    /** After a long pause: start the procedure again. */
    String START_OVER = "cmd:start-over";

    record Text(String text) implements ResidentInput {
    }

    record Choice(String value) implements ResidentInput {
    }

    /** A shared location; latitude and longitude are absent when only an address is known. */
    record Location(Double latitude, Double longitude, String address) implements ResidentInput {
    }

    /** A photo, by the channel's content id (the bytes are fetched and stored elsewhere). */
    record Photo(String contentId) implements ResidentInput {
    }

    /** A date from the date picker, with the time when a date-and-time picker was used. */
    record DateTime(LocalDate date, LocalTime time) implements ResidentInput {
        public static DateTime of(LocalDate date) {
            return new DateTime(date, null);
        }

        public static DateTime of(LocalDateTime dateTime) {
            return new DateTime(dateTime.toLocalDate(), dateTime.toLocalTime());
        }
    }

    /** Something no question can take (a sticker, a video, a voice message, a file): the question is asked again. */
    record Unreadable(String kind) implements ResidentInput {
    }

    /** 「戻る」: back to the previous question. */
    record Back() implements ResidentInput {
    }

    /** 「やめる」: stop the procedure. */
    record Cancel() implements ResidentInput {
    }

    /** 「はじめから」: forget the answers and start again. */
    record Restart() implements ResidentInput {
    }

    /** 「修正する」 on one line of the summary: answer that question again, then return to the summary. */
    record Edit(String field) implements ResidentInput {
    }

    /** Turns the data of a tapped quick reply or postback button back into an input. */
    public static ResidentInput fromPostback(String data) {
        if (BACK.equals(data)) {
            return new Back();
        }
        if (CANCEL.equals(data)) {
            return new Cancel();
        }
        if (RESTART.equals(data)) {
            return new Restart();
        }
        if (data != null && data.startsWith(EDIT_PREFIX)) {
            return new Edit(data.substring(EDIT_PREFIX.length()));
        }
        return new Choice(data);
    }

    /** The postback data of the 「修正する」 button for {@code field} on the summary. */
    static String editPostback(String field) {
        return EDIT_PREFIX + field;
    }
}
