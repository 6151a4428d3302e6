package jp.madoguchi.conversation.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.ResidentInput;

/**
 * The engine's channel-neutral {@link Reply}s as the web chat's page draws them (JSON, one {@code type}
 * per kind). Options are split into the answers themselves and the 戻る / やめる shortcuts, which the page
 * keeps in their own row; a question whose only options are commands is answered by typing.
 */
final class WebReplies {

    /** Commands shown in the bottom row of every question rather than among its answers. */
    static final Set<String> SHORTCUTS = Set.of(ResidentInput.BACK, ResidentInput.CANCEL);
    /** Commands that answer a question without typing (the resume question is one). */
    private static final Set<String> ANSWERING_COMMANDS = Set.of(ResidentInput.RESUME, ResidentInput.START_OVER);

    private WebReplies() {
    }

    /** A button: {@code value} goes back as a {@code choice} input. */
    record Option(String label, String value) {
    }

    /** One answer on the summary, with the value its 「修正する」 button sends. */
    record Line(String field, String label, String value, String editValue) {
    }

    /**
     * One message of the conversation as the page shows it.
     *
     * @param type      say | ask | date | location | photo | summary
     * @param typing    (ask) answered by typing in a text box
     * @param options   the answers as big buttons (ask, and the extras of the other kinds: 入力しない, 送り終わった)
     * @param shortcuts 戻る / やめる
     * @param min       (date) first day allowed, ISO-8601, or null
     * @param max       (date) last day allowed, ISO-8601, or null
     * @param withTime  (date) a date and a time
     * @param remaining (photo) how many more photos may be sent
     */
    record View(String type, String text, boolean typing, List<Option> options, List<Option> shortcuts, String min, String max,
                boolean withTime, Integer remaining, List<Line> lines, String confirmLabel, String confirmValue) {

        static View say(String text) {
            return new View("say", text, false, List.of(), List.of(), null, null, false, null, List.of(), null, null);
        }
    }

    static List<View> views(List<Reply> replies) {
        List<View> views = new ArrayList<>();
        replies.forEach(r -> views.add(view(r)));
        return views;
    }

    static View view(Reply reply) {
        if (reply instanceof Reply.Say say) {
            return View.say(say.text());
        }
        if (reply instanceof Reply.Ask ask) {
            List<Option> answers = answers(ask.quickOptions());
            boolean typing = answers.stream().allMatch(o -> o.value().startsWith("cmd:") && !ANSWERING_COMMANDS.contains(o.value()));
            return new View("ask", ask.text(), typing, answers, shortcuts(ask.quickOptions()), null, null, false, null, List.of(), null, null);
        }
        if (reply instanceof Reply.Buttons buttons) {
            List<Option> answers = new ArrayList<>(answers(buttons.options()));
            answers.addAll(answers(buttons.quickOptions()));
            return new View("ask", buttons.text(), false, answers, shortcuts(buttons.quickOptions()), null, null, false, null, List.of(),
                    null, null);
        }
        if (reply instanceof Reply.AskDate date) {
            return new View("date", date.text(), false, answers(date.quickOptions()), shortcuts(date.quickOptions()), iso(date.min()),
                    iso(date.max()), date.withTime(), null, List.of(), null, null);
        }
        if (reply instanceof Reply.AskLocation location) {
            return new View("location", location.text(), false, answers(location.quickOptions()), shortcuts(location.quickOptions()),
                    null, null, false, null, List.of(), null, null);
        }
        if (reply instanceof Reply.AskPhoto photo) {
            return new View("photo", photo.text(), false, answers(photo.quickOptions()), shortcuts(photo.quickOptions()), null, null,
                    false, photo.remaining(), List.of(), null, null);
        }
        if (reply instanceof Reply.Summary summary) {
            List<Line> lines = new ArrayList<>();
            for (Reply.SummaryLine line : summary.lines()) {
                lines.add(new Line(line.field(), line.label(), line.displayValue(), ResidentInput.editPostback(line.field())));
            }
            return new View("summary", summary.title(), false, answers(summary.quickOptions()), shortcuts(summary.quickOptions()), null,
                    null, false, null, lines, summary.confirmLabel(), ResidentInput.CONFIRM);
        }
        throw new IllegalArgumentException("no web view for " + reply.getClass().getSimpleName());
    }

    private static List<Option> answers(List<Reply.QuickOption> options) {
        return options.stream().filter(o -> !SHORTCUTS.contains(o.value())).map(o -> new Option(o.label(), o.value())).toList();
    }

    private static List<Option> shortcuts(List<Reply.QuickOption> options) {
        return options.stream().filter(o -> SHORTCUTS.contains(o.value())).map(o -> new Option(o.label(), o.value())).toList();
    }

    private static String iso(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
