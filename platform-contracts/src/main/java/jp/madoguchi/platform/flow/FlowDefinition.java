package jp.madoguchi.platform.flow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A published version of a procedure's flow: the steps a resident goes through, starting at
 * {@code firstStepId}. A conversation is pinned to one {@code (procedureId, version)}, so staff
 * publishing a new version never changes a conversation already under way.
 */
public record FlowDefinition(String procedureId, int version, String title, String firstStepId, List<Step> steps,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Fee> fees) {

    /** Written in a prompt, replaced by the engine with the fee total of the answers so far, e.g. 「合計 {feeTotal} 円」. */
    public static final String FEE_TOTAL = "{feeTotal}";

    public FlowDefinition {
        if (procedureId == null || procedureId.isBlank()) {
            throw new IllegalArgumentException("a flow needs a procedureId");
        }
        steps = steps == null ? List.of() : List.copyOf(steps);
        fees = fees == null ? List.of() : List.copyOf(fees);
    }

    /** A flow without fees (fees were added to the model later; older flows read as having none). */
    public FlowDefinition(String procedureId, int version, String title, String firstStepId, List<Step> steps) {
        this(procedureId, version, title, firstStepId, steps, List.of());
    }

    public FlowDefinition withFees(List<Fee> fees) {
        return new FlowDefinition(procedureId, version, title, firstStepId, steps, fees);
    }

    public Optional<Step> step(String id) {
        for (Step step : steps) {
            if (step.id().equals(id)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException when the flow has no such step */
    public Step requireStep(String id) {
        return step(id).orElseThrow(() -> new IllegalArgumentException(
                "flow " + procedureId + " v" + version + " has no step " + id));
    }

    /** The question that records {@code field}, e.g. to jump back to it from the summary. */
    public Optional<Step.Question> questionFor(String field) {
        for (Step step : steps) {
            if (step instanceof Step.Question question && question.field().equals(field)) {
                return Optional.of(question);
            }
        }
        return Optional.empty();
    }

    /**
     * What keeps this flow from being run, worded for the staff member building it; empty when it can
     * be published. Checks references between steps, duplicate ids and fields, option lists and bounds.
     */
    @JsonIgnore
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> fields = new HashSet<>();
        for (Step step : steps) {
            if (!ids.add(step.id())) {
                problems.add("ステップID「" + step.id() + "」が重複しています。");
            }
            if (step instanceof Step.Question question) {
                if (question.field() == null || question.field().isBlank()) {
                    problems.add("ステップ「" + step.id() + "」に項目名(field)がありません。");
                } else if (!fields.add(question.field())) {
                    problems.add("項目名「" + question.field() + "」が重複しています。");
                }
            }
            if (step.prompt() == null || step.prompt().isBlank()) {
                problems.add("ステップ「" + step.id() + "」に表示する文がありません。");
            }
        }
        if (firstStepId == null || step(firstStepId).isEmpty()) {
            problems.add("最初のステップ「" + firstStepId + "」がありません。");
        }
        boolean hasSubmit = false;
        for (Step step : steps) {
            if (step instanceof Step.Submit) {
                hasSubmit = true;
            } else if (step.next() == null) {
                problems.add("ステップ「" + step.id() + "」に次のステップがありません。");
            } else if (step(step.next()).isEmpty()) {
                problems.add("ステップ「" + step.id() + "」の次のステップ「" + step.next() + "」がありません。");
            }
            for (Branch branch : step.branches()) {
                if (step(branch.goTo()).isEmpty()) {
                    problems.add("ステップ「" + step.id() + "」の分岐先「" + branch.goTo() + "」がありません。");
                }
            }
            checkOptions(step, problems);
        }
        if (!hasSubmit) {
            problems.add("申し込みを終えるステップ(submit)がありません。");
        }
        return problems;
    }

    private static void checkOptions(Step step, List<String> problems) {
        if (step instanceof Step.SingleChoice choice) {
            if (choice.options().isEmpty()) {
                problems.add("ステップ「" + step.id() + "」に選択肢がありません。");
            }
            for (Branch branch : choice.branches()) {
                if (choice.options().stream().noneMatch(o -> o.value().equals(branch.whenAnswer()))) {
                    problems.add("ステップ「" + step.id() + "」の分岐「" + branch.whenAnswer() + "」に合う選択肢がありません。");
                }
            }
        } else if (step instanceof Step.MultiChoice multi) {
            if (multi.options().isEmpty()) {
                problems.add("ステップ「" + step.id() + "」に選択肢がありません。");
            }
            if (multi.minSelections() < 0 || multi.minSelections() > multi.maxSelections()
                    || multi.maxSelections() > multi.options().size()) {
                problems.add("ステップ「" + step.id() + "」の選べる数の範囲が正しくありません。");
            }
        } else if (step instanceof Step.YesNo yesNo) {
            for (Branch branch : yesNo.branches()) {
                if (!Step.YesNo.YES.equals(branch.whenAnswer()) && !Step.YesNo.NO.equals(branch.whenAnswer())) {
                    problems.add("ステップ「" + step.id() + "」の分岐は yes か no にしてください。");
                }
            }
        } else if (step instanceof Step.Number number) {
            if (number.min() != null && number.max() != null && number.min().compareTo(number.max()) > 0) {
                problems.add("ステップ「" + step.id() + "」の最小値が最大値より大きくなっています。");
            }
        } else if (step instanceof Step.Date date) {
            checkWindow(step, date.earliestDays(), date.latestDays(), problems);
        } else if (step instanceof Step.DateTime dateTime) {
            checkWindow(step, dateTime.earliestDays(), dateTime.latestDays(), problems);
        } else if (step instanceof Step.Photo photo) {
            if (photo.minPhotos() < 0 || photo.maxPhotos() < 1 || photo.minPhotos() > photo.maxPhotos()) {
                problems.add("ステップ「" + step.id() + "」の写真の枚数の範囲が正しくありません。");
            }
        } else if (step instanceof Step.Reservation reservation) {
            if (reservation.resourceId() == null || reservation.resourceId().isBlank()) {
                problems.add("ステップ「" + step.id() + "」に予約先(resourceId)がありません。");
            }
        } else if (step instanceof Step.Text text && text.pattern() != null) {
            try {
                java.util.regex.Pattern.compile(text.pattern());
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.add("ステップ「" + step.id() + "」の入力の形(pattern)が正しくありません。");
            }
        }
    }

    private static void checkWindow(Step step, Integer earliest, Integer latest, List<String> problems) {
        if (earliest != null && latest != null && earliest > latest) {
            problems.add("ステップ「" + step.id() + "」の日付の範囲が正しくありません。");
        }
    }
}
