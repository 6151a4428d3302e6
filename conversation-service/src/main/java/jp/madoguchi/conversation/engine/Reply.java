package jp.madoguchi.conversation.engine;

import java.time.LocalDate;
import java.util.List;

/**
 * What to show the resident, independent of the channel: the LINE and web-chat layers render each
 * kind. Quick options are chips under the message (LINE allows at most 13 per message, counting
 * the picker, location and camera chips the channel adds: see {@link #quickReplyItems()}).
 */
public sealed interface Reply {

    /** LINE's limit on quick-reply items in one message. */
    int MAX_QUICK_REPLY_ITEMS = 13;

    /** Quick-reply chips the channel will show under this message, including its own picker/camera chips. */
    int quickReplyItems();

    /** A tappable chip or button; {@code value} goes back as postback data (see {@link ResidentInput#fromPostback}). */
    record QuickOption(String label, String value) {
    }

    /** One answer on the summary; its 「修正する」 button sends {@link ResidentInput#editPostback(String)}. */
    record SummaryLine(String field, String label, String displayValue) {
    }

    record Say(String text) implements Reply {
        public int quickReplyItems() {
            return 0;
        }
    }

    /** A question answered by typing or by one of the quick options. */
    record Ask(String text, List<QuickOption> quickOptions) implements Reply {
        public Ask {
            quickOptions = List.copyOf(quickOptions);
        }

        public int quickReplyItems() {
            return quickOptions.size();
        }
    }

    /** A question whose options are buttons in the message itself (too many or too long for quick replies). */
    record Buttons(String text, List<QuickOption> options, List<QuickOption> quickOptions) implements Reply {
        public Buttons {
            options = List.copyOf(options);
            quickOptions = List.copyOf(quickOptions);
        }

        public int quickReplyItems() {
            return quickOptions.size();
        }
    }

    /** Pick a date (or a date and time) between {@code min} and {@code max}; either bound may be absent. */
    record AskDate(String text, LocalDate min, LocalDate max, boolean withTime, List<QuickOption> quickOptions) implements Reply {
        public AskDate {
            quickOptions = List.copyOf(quickOptions);
        }

        public int quickReplyItems() {
            return quickOptions.size() + 1;
        }
    }

    /** Share a location (the channel adds a location chip). */
    record AskLocation(String text, List<QuickOption> quickOptions) implements Reply {
        public AskLocation {
            quickOptions = List.copyOf(quickOptions);
        }

        public int quickReplyItems() {
            return quickOptions.size() + 1;
        }
    }

    /** Send photos (the channel adds camera and camera-roll chips); up to {@code remaining} more. */
    record AskPhoto(String text, int remaining, List<QuickOption> quickOptions) implements Reply {
        public AskPhoto {
            quickOptions = List.copyOf(quickOptions);
        }

        public int quickReplyItems() {
            return quickOptions.size() + 2;
        }
    }

    /** The answers so far, each with 「修正する」, and a button labelled {@code confirmLabel} to go ahead. */
    record Summary(String title, List<SummaryLine> lines, String confirmLabel, List<QuickOption> quickOptions) implements Reply {
        public Summary {
            lines = List.copyOf(lines);
            quickOptions = List.copyOf(quickOptions);
        }

        public int quickReplyItems() {
            return quickOptions.size();
        }
    }
}
