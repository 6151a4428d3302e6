package jp.madoguchi.conversation.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.flow.ChoiceDisplay;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;

/**
 * How the engine asks a step: its prompt (with the fee total filled in), its options and the 戻る / やめる shortcuts as
 * quick replies or buttons, the summary before submitting. The engine decides where a conversation is; this class
 * only words the question for that place.
 */
final class Questions {

    private final Reservations reservations;

    Questions(Reservations reservations) {
        this.reservations = reservations;
    }

    /** 「前回の続きから始めますか？」 after a long pause, with はい / いいえ / やめる. */
    static Reply resumeQuestion() {
        return new Reply.Ask(Wording.RESUME_QUESTION, List.of(
                new Reply.QuickOption("はい", ResidentInput.RESUME),
                new Reply.QuickOption("いいえ", ResidentInput.START_OVER),
                new Reply.QuickOption(Wording.CANCEL_LABEL, ResidentInput.CANCEL)));
    }

    /** Fills {@value FlowDefinition#FEE_TOTAL} with the fee table's total over the quantities answered so far. */
    static String withFeeTotal(FlowDefinition flow, ConversationState state, String prompt) {
        if (prompt == null || !prompt.contains(FlowDefinition.FEE_TOTAL)) {
            return prompt;
        }
        long total = 0;
        for (jp.madoguchi.platform.flow.Fee fee : flow.fees()) {
            if (state.answers().get(fee.quantityField()) instanceof Answer.Number quantity) {
                total += fee.unitFeeYen() * quantity.value().longValue();
            }
        }
        return prompt.replace(FlowDefinition.FEE_TOTAL, String.format("%,d", total));
    }

    /** The question for {@code step}, with its options and the 戻る / やめる shortcuts, never over 13 quick replies. */
    Reply ask(FlowDefinition flow, ConversationState state, Step step, String text, LocalDate today) {
        String prompt = text != null ? text : withFeeTotal(flow, state, step.prompt());
        List<Reply.QuickOption> shortcuts = new ArrayList<>();
        if (!state.history().isEmpty()) {
            shortcuts.add(new Reply.QuickOption(Wording.BACK_LABEL, ResidentInput.BACK));
        }
        shortcuts.add(new Reply.QuickOption(Wording.CANCEL_LABEL, ResidentInput.CANCEL));

        if (step instanceof Step.SingleChoice s) {
            List<Reply.QuickOption> options = options(s.options(), List.of());
            return choices(prompt, options, shortcuts, s.display() == ChoiceDisplay.BUTTONS);
        } else if (step instanceof Step.MultiChoice s) {
            List<String> chosen = state.answers().get(s.field()) instanceof Answer.Choices c ? c.values() : List.of();
            List<Reply.QuickOption> options = options(s.options(), chosen);
            List<Reply.QuickOption> withDone = new ArrayList<>();
            withDone.add(new Reply.QuickOption(Wording.DONE_LABEL, ResidentInput.DONE));
            withDone.addAll(shortcuts);
            String question = text != null ? text : Wording.multiChoicePrompt(s.prompt(), s.minSelections(), s.maxSelections());
            return choices(question, options, withDone, false);
        } else if (step instanceof Step.YesNo) {
            List<Reply.QuickOption> options = new ArrayList<>();
            options.add(new Reply.QuickOption("はい", Step.YesNo.YES));
            options.add(new Reply.QuickOption("いいえ", Step.YesNo.NO));
            options.addAll(shortcuts);
            return new Reply.Ask(prompt, options);
        } else if (step instanceof Step.Text s) {
            List<Reply.QuickOption> options = new ArrayList<>();
            if (!s.required()) {
                options.add(new Reply.QuickOption(Wording.SKIP_LABEL, ResidentInput.SKIP));
            }
            options.addAll(shortcuts);
            return new Reply.Ask(prompt, options);
        } else if (step instanceof Step.Number s) {
            List<Reply.QuickOption> values = tappableValues(s);
            return values.isEmpty() ? new Reply.Ask(prompt, shortcuts) : choices(prompt, values, shortcuts, false);
        } else if (step instanceof Step.Date s) {
            return askDate(prompt, s.earliestDays(), s.latestDays(), false, shortcuts, today);
        } else if (step instanceof Step.DateTime s) {
            return askDate(prompt, s.earliestDays(), s.latestDays(), true, shortcuts, today);
        } else if (step instanceof Step.Location) {
            return new Reply.AskLocation(prompt, shortcuts);
        } else if (step instanceof Step.Photo s) {
            int have = state.answers().get(s.field()) instanceof Answer.Photos p && p.contentIds().size() < s.maxPhotos()
                    ? p.contentIds().size() : 0;
            List<Reply.QuickOption> options = new ArrayList<>();
            if (have > 0 && have >= s.minPhotos()) {
                options.add(new Reply.QuickOption(Wording.PHOTOS_DONE_LABEL, ResidentInput.DONE));
            } else if (have == 0 && !s.required()) {
                options.add(new Reply.QuickOption(Wording.SKIP_PHOTO_LABEL, ResidentInput.SKIP));
            }
            options.addAll(shortcuts);
            return new Reply.AskPhoto(prompt, s.maxPhotos() - have, options);
        } else if (step instanceof Step.Reservation s) {
            return ReservationStep.ask(s, state.answers().get(s.field()), text, shortcuts, reservations);
        } else if (step instanceof Step.Confirm s) {
            return new Reply.Summary(prompt, summary(flow, state), s.confirmLabel(), shortcuts);
        }
        throw new IllegalStateException("step " + step.id() + " does not ask anything");
    }

    /**
     * Each whole number a small range allows ({@value ConversationEngine#MAX_TAPPABLE_NUMBERS} at most, e.g. 0–5 items), so the
     * resident taps instead of typing; none for decimals or a larger or open range, which stay typed.
     */
    static List<Reply.QuickOption> tappableValues(Step.Number step) {
        if (!step.integerOnly() || step.min() == null || step.max() == null
                || step.min().stripTrailingZeros().scale() > 0 || step.max().stripTrailingZeros().scale() > 0) {
            return List.of();
        }
        BigDecimal span = step.max().subtract(step.min());
        if (span.signum() < 0 || span.compareTo(BigDecimal.valueOf(ConversationEngine.MAX_TAPPABLE_NUMBERS - 1)) > 0) {
            return List.of();
        }
        String unit = step.unit() == null ? "" : step.unit();
        List<Reply.QuickOption> values = new ArrayList<>();
        for (BigDecimal v = step.min().setScale(0); v.compareTo(step.max()) <= 0; v = v.add(BigDecimal.ONE)) {
            values.add(new Reply.QuickOption(v.toPlainString() + unit, v.toPlainString()));
        }
        return values;
    }

    private static Reply askDate(String prompt, Integer earliest, Integer latest, boolean withTime,
                                 List<Reply.QuickOption> shortcuts, LocalDate today) {
        return new Reply.AskDate(prompt,
                earliest == null ? null : today.plusDays(earliest),
                latest == null ? null : today.plusDays(latest),
                withTime, shortcuts);
    }

    private static List<Reply.QuickOption> options(List<Option> options, List<String> chosen) {
        List<Reply.QuickOption> quick = new ArrayList<>();
        for (Option o : options) {
            quick.add(new Reply.QuickOption(chosen.contains(o.value()) ? "✓" + o.label() : o.label(), o.value()));
        }
        return quick;
    }

    /**
     * Quick replies when they fit (LINE: at most 13, labels at most 20 characters), otherwise buttons in
     * the message with only the shortcuts as quick replies.
     */
    private static Reply choices(String prompt, List<Reply.QuickOption> options, List<Reply.QuickOption> shortcuts, boolean buttons) {
        boolean fits = options.size() + shortcuts.size() <= Reply.MAX_QUICK_REPLY_ITEMS
                && options.stream().allMatch(o -> o.label().length() <= 20);
        if (buttons || !fits) {
            return new Reply.Buttons(prompt, options, shortcuts);
        }
        List<Reply.QuickOption> all = new ArrayList<>(options);
        all.addAll(shortcuts);
        return new Reply.Ask(prompt, all);
    }

    private static List<Reply.SummaryLine> summary(FlowDefinition flow, ConversationState state) {
        List<Reply.SummaryLine> lines = new ArrayList<>();
        for (Map.Entry<String, Answer> answered : FlowPaths.answersOnPath(flow, state).entrySet()) {
            Step.Question q = flow.questionFor(answered.getKey()).orElseThrow();
            lines.add(new Reply.SummaryLine(q.field(), q.label(), answered.getValue().display()));
        }
        return lines;
    }
}
