package jp.madoguchi.conversation.notice;

import java.util.List;
import java.util.Map;

/**
 * What a resident reads about their applications, in plain polite Japanese: a status change (却下 with
 * the reason, 完了 with thanks), a message from staff, and the list of their applications. Plain Java.
 */
public final class NoticeTexts {

    /** The statuses as residents read them. */
    public static final Map<String, String> STATUS_LABELS = Map.of(
            "RECEIVED", "受付",
            "IN_PROGRESS", "処理中",
            "COMPLETED", "完了",
            "REJECTED", "却下",
            "WITHDRAWN", "取下げ");

    public static final String NO_APPLICATIONS = "この窓口で受け付けた申請は、まだありません。\n手続きは「メニュー」から申し込めます。";

    /** One application in the resident's list. */
    public record Line(String receiptNumber, String procedureTitle, String status) {
    }

    private NoticeTexts() {
    }

    public static String label(String status) {
        return STATUS_LABELS.getOrDefault(status, status);
    }

    /** e.g. 「受付番号 2026-000001 の申請は『処理中』になりました。」 followed by the procedure's name. */
    public static String statusChanged(String receiptNumber, String procedureTitle, String to, String reason) {
        StringBuilder text = new StringBuilder("受付番号 ").append(receiptNumber).append(" の申請は『").append(label(to)).append("』になりました。");
        if (procedureTitle != null && !procedureTitle.isBlank()) {
            text.append("\n手続き：").append(procedureTitle);
        }
        switch (to) {
            case "REJECTED" -> {
                text.append("\n理由：").append(reason == null || reason.isBlank() ? "（記載なし）" : reason.strip());
                text.append("\nご不明な点は、役場の担当窓口へお問い合わせください。");
            }
            case "COMPLETED" -> text.append("\nご利用いただき、ありがとうございました。");
            case "WITHDRAWN" -> text.append("\n取下げを受け付けました。");
            default -> {
                if (reason != null && !reason.isBlank()) {
                    text.append("\n").append(reason.strip());
                }
            }
        }
        return text.toString();
    }

    /** Postback data and label of the button under the receipt notice: it answers with {@link #statusList}. */
    public static final String STATUS_LABEL = "申請の状況";

    /**
     * The receipt, sent once the application is numbered: e.g. 「受け付けました。受付番号は 2026-000123 です。」, the
     * procedure's name, and how to ask about it later — on LINE by sending 「申請の状況」, on the web chat by its button.
     */
    public static String received(String receiptNumber, String procedureTitle, String channel) {
        StringBuilder text = new StringBuilder("受け付けました。受付番号は ").append(receiptNumber).append(" です。");
        if (procedureTitle != null && !procedureTitle.isBlank()) {
            text.append("\n手続き：").append(procedureTitle);
        }
        text.append("\n").append("LINE".equals(channel)
                ? "「" + STATUS_LABEL + "」と送ると、いつでも確認できます。"
                : "「" + STATUS_LABEL + "」のボタンを押すと、いつでも確認できます。");
        return text.toString();
    }

    /** A message staff wrote to the resident about one application. */
    public static String message(String receiptNumber, String text) {
        return "受付番号 " + receiptNumber + " の申請について、担当者からのお知らせです。\n\n" + text;
    }

    /** The answer to 「申請の状況」: newest first, one line each. */
    public static String statusList(List<Line> applications) {
        if (applications.isEmpty()) {
            return NO_APPLICATIONS;
        }
        StringBuilder text = new StringBuilder("申請の状況です。");
        for (Line a : applications) {
            text.append("\n\n受付番号 ").append(a.receiptNumber())
                    .append("\n").append(a.procedureTitle() == null ? "" : a.procedureTitle())
                    .append("：").append(label(a.status()));
        }
        return text.toString();
    }
}
