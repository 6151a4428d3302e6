package jp.madoguchi.conversation.engine;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resident-facing Japanese the engine writes, and how it reads what residents type: full-width
 * digits and letters, half-width kana and stray spaces are normalised (NFKC) before anything is checked.
 */
final class Wording {

    private static final String[] WEEKDAYS = {"月", "火", "水", "木", "金", "土", "日"};
    private static final Set<String> BACK_WORDS = Set.of("戻る", "もどる", "戻って");
    private static final Set<String> CANCEL_WORDS = Set.of("やめる", "止める", "中止", "キャンセル");
    private static final Set<String> RESTART_WORDS = Set.of("はじめから", "初めから", "最初から");
    private static final Set<String> YES_WORDS = Set.of("はい", "yes", "ok", "うん");
    private static final Set<String> NO_WORDS = Set.of("いいえ", "no", "いや", "ちがう");

    static final String BACK_LABEL = "戻る";
    static final String CANCEL_LABEL = "やめる";
    static final String CANCELLED = "手続きをやめました。またいつでも始められます。";
    static final String RESTARTING = "はじめからやり直します。";
    static final String AT_FIRST_QUESTION = "これより前には戻れません。";
    static final String RESUME_QUESTION = "しばらく操作がなかったため、いったん止めています。前回の続きから始めますか？";
    static final String RESUMING = "前回の続きから始めます。";
    static final String ANSWER_RESUME = "「はい」か「いいえ」を押してください。";
    static final String ALREADY_FINISHED = "この手続きは終わっています。もう一度申し込むときは、メニューから選んでください。";
    static final String CANNOT_EDIT_NOW = "いまは修正できません。確認の画面で「修正する」を押してください。";
    static final String PICK_FROM_BUTTONS = "下のボタンから選んでください。";
    static final String PICK_YES_NO = "「はい」か「いいえ」を押してください。";
    static final String TYPE_TEXT = "文字で入力してください。";
    static final String REQUIRED = "入力してください。";
    static final String PATTERN_DEFAULT = "入力の形が正しくありません。もう一度入力してください。";
    static final String NOT_A_NUMBER = "数字で入力してください。（例：3）";
    static final String WHOLE_NUMBER = "小数点のない数で入力してください。";
    static final String NOT_A_DATE = "日付は「4月10日」のように入力するか、ボタンから選んでください。";
    static final String NEED_TIME = "時間もあわせて選んでください。";
    static final String SEND_LOCATION = "下の「位置情報」ボタンから場所を送るか、住所を入力してください。";
    static final String SEND_PHOTO = "写真を送ってください。";
    static final String DONE_LABEL = "選び終わった";
    static final String PHOTOS_DONE_LABEL = "送り終わった";
    static final String SKIP_LABEL = "入力しない";
    /** Goes on from an optional photo question without a photo. */
    static final String SKIP_PHOTO_LABEL = "写真なしで進む";
    static final String SEND_PHOTO_OR_SKIP = "写真を送るか、写真がないときは「" + SKIP_PHOTO_LABEL + "」を押してください。";
    private static final Set<String> NO_PHOTO_WORDS = Set.of("写真なし", "写真なしで進む", "なし", "ない", "ありません");
    /** Said with the completion message: procedure-service numbers the application a moment later, and a notice tells it. */
    static final String RECEIPT_FOLLOWS = "受付番号は、このあとお知らせします。";

    private Wording() {
    }

    /** NFKC, spaces collapsed and trimmed: 「１２３」→「123」, 「ＡＢＣ」→「ABC」, half-width ｶﾅ → カナ. */
    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        return Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("\\s+", " ").strip();
    }

    /** The command a typed word stands for, if the whole message is one. */
    static Optional<ResidentInput> command(String text) {
        String word = normalise(text).replace(" ", "").replace("。", "");
        if (BACK_WORDS.contains(word)) {
            return Optional.of(new ResidentInput.Back());
        }
        if (CANCEL_WORDS.contains(word)) {
            return Optional.of(new ResidentInput.Cancel());
        }
        if (RESTART_WORDS.contains(word)) {
            return Optional.of(new ResidentInput.Restart());
        }
        return Optional.empty();
    }

    /** Whether typed text at an optional photo question says there is no photo. */
    static boolean noPhoto(String text) {
        return NO_PHOTO_WORDS.contains(normalise(text).replace(" ", "").replace("。", ""));
    }

    static Optional<Boolean> yesNo(String text) {
        String word = normalise(text).toLowerCase().replace("。", "");
        if (YES_WORDS.contains(word)) {
            return Optional.of(true);
        }
        if (NO_WORDS.contains(word)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** 「2026年4月10日（金）」 */
    static String date(LocalDate date) {
        return date.getYear() + "年" + monthDay(date) + "（" + WEEKDAYS[date.getDayOfWeek().getValue() - 1] + "）";
    }

    private static String monthDay(LocalDate date) {
        return date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }

    /** 「明日から60日先までの日付を選んでください。（4月2日から5月31日まで）」 */
    static String dateWindow(Integer earliestDays, Integer latestDays, LocalDate today) {
        if (earliestDays != null && latestDays != null) {
            return relativeDay(earliestDays) + "から" + relativeDay(latestDays) + "までの日付を選んでください。（"
                    + monthDay(today.plusDays(earliestDays)) + "から" + monthDay(today.plusDays(latestDays)) + "まで）";
        }
        if (earliestDays != null) {
            return relativeDay(earliestDays) + "以降の日付を選んでください。（" + monthDay(today.plusDays(earliestDays)) + "から）";
        }
        return relativeDay(latestDays) + "までの日付を選んでください。（" + monthDay(today.plusDays(latestDays)) + "まで）";
    }

    private static String relativeDay(int days) {
        if (days == 0) {
            return "今日";
        }
        if (days == 1) {
            return "明日";
        }
        if (days == -1) {
            return "昨日";
        }
        return days > 0 ? days + "日先" : -days + "日前";
    }

    static String minLength(int min) {
        return min + "文字以上で入力してください。";
    }

    static String maxLength(int max) {
        return max + "文字以内で入力してください。";
    }

    static String numberRange(BigDecimal min, BigDecimal max, String unit) {
        String u = unit == null ? "" : unit;
        if (min != null && max != null) {
            return min.toPlainString() + u + "から" + max.toPlainString() + u + "までの数を入力してください。";
        }
        if (min != null) {
            return min.toPlainString() + u + "以上の数を入力してください。";
        }
        return max.toPlainString() + u + "以下の数を入力してください。";
    }

    static String chooseAtLeast(int min) {
        return "少なくとも" + min + "つ選んでください。";
    }

    static String chooseAtMost(int max) {
        return "選べるのは" + max + "つまでです。ほかを選ぶときは、選んだものをもう一度押して外してください。";
    }

    static String chosenSoFar(String labels) {
        return "いま選んでいるもの：" + (labels.isEmpty() ? "なし" : labels) + "\n選び終わったら「" + DONE_LABEL + "」を押してください。";
    }

    static String multiChoicePrompt(String prompt, int min, int max) {
        String rule = min == max ? "（" + max + "つ選んでください）" : "（" + max + "つまで選べます）";
        return prompt + rule;
    }

    static String photosAtLeast(int min) {
        return "写真を" + min + "枚以上送ってください。";
    }

    static String photoReceived(int count, int max) {
        return "写真を受け取りました（" + count + "枚／" + max + "枚まで）。ほかにもあれば送ってください。終わったら「"
                + PHOTOS_DONE_LABEL + "」を押してください。";
    }

    static String editing(String label) {
        return "「" + label + "」を修正します。";
    }

    static String confirmOrEdit(String confirmLabel) {
        return "内容がよければ「" + confirmLabel + "」を、直すときは直したい項目の「修正する」を押してください。";
    }

    private static final Pattern FULL_DATE = Pattern.compile("(\\d{4}) ?[/\\-.年] ?(\\d{1,2}) ?[/\\-.月] ?(\\d{1,2}) ?日?(.*)");
    private static final Pattern MONTH_DAY = Pattern.compile("(\\d{1,2}) ?[/月] ?(\\d{1,2}) ?日?(.*)");
    private static final Pattern TIME = Pattern.compile("(?:午前|午後)?(\\d{1,2})(?:[:時])(\\d{1,2})?分?");

    /** A typed date (and optional time), e.g. 「4月10日」「2026/4/10 10:30」「明日」; year inferred as the next such day. */
    static Optional<ParsedDate> parseDate(String text, LocalDate today) {
        String s = normalise(text);
        LocalDate date;
        String rest;
        try {
            Matcher full = FULL_DATE.matcher(s);
            Matcher monthDay = MONTH_DAY.matcher(s);
            if (full.matches()) {
                date = LocalDate.of(Integer.parseInt(full.group(1)), Integer.parseInt(full.group(2)), Integer.parseInt(full.group(3)));
                rest = full.group(4);
            } else if (monthDay.matches()) {
                date = LocalDate.of(today.getYear(), Integer.parseInt(monthDay.group(1)), Integer.parseInt(monthDay.group(2)));
                if (date.isBefore(today)) {
                    date = date.plusYears(1);
                }
                rest = monthDay.group(3);
            } else if (s.startsWith("今日") || s.startsWith("きょう")) {
                date = today;
                rest = s.substring(2);
            } else if (s.startsWith("明日") || s.startsWith("あした")) {
                date = today.plusDays(1);
                rest = s.substring(s.startsWith("明日") ? 2 : 3);
            } else if (s.startsWith("あさって") || s.startsWith("明後日")) {
                date = today.plusDays(2);
                rest = s.substring(s.startsWith("明後日") ? 3 : 4);
            } else {
                return Optional.empty();
            }
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
        rest = rest.replace(" ", "");
        if (rest.isEmpty()) {
            return Optional.of(new ParsedDate(date, null));
        }
        Matcher time = TIME.matcher(rest);
        if (!time.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(time.group(1)) + (rest.startsWith("午後") && Integer.parseInt(time.group(1)) < 12 ? 12 : 0);
        int minute = time.group(2) == null ? 0 : Integer.parseInt(time.group(2));
        if (hour > 23 || minute > 59) {
            return Optional.empty();
        }
        return Optional.of(new ParsedDate(date, LocalTime.of(hour, minute)));
    }

    record ParsedDate(LocalDate date, LocalTime time) {
    }
}
