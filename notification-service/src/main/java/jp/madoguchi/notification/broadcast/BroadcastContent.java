package jp.madoguchi.notification.broadcast;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What residents receive: a text, optionally an image, optionally a card whose button starts one of the town's
 * procedures (postback {@code start:<procedureId>}, which conversation-service answers with the procedure's first question).
 *
 * @param imageUrl    an https URL of a JPEG or PNG LINE can fetch, or null
 * @param procedureId the procedure the card's button starts, or null for no card
 * @param buttonLabel the button's label (at most 20 characters, LINE's limit); 「申し込む」 when not given
 */
record BroadcastContent(String text, String imageUrl, String procedureId, String buttonLabel) {

    static final int MAX_TEXT = 5000;
    static final int MAX_LABEL = 20;
    static final String DEFAULT_LABEL = "申し込む";
    private static final Pattern PROCEDURE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    BroadcastContent {
        text = text == null ? "" : text.strip();
        imageUrl = blankToNull(imageUrl);
        procedureId = blankToNull(procedureId);
        buttonLabel = procedureId == null ? null : blankToNull(buttonLabel) == null ? DEFAULT_LABEL : buttonLabel.strip();
    }

    /** What staff must correct, in Japanese; empty when LINE will accept it. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (text.isEmpty()) {
            problems.add("text: お知らせの本文を入力してください。");
        } else if (text.length() > MAX_TEXT) {
            problems.add("text: 本文は" + MAX_TEXT + "文字までです（いま" + text.length() + "文字）。");
        }
        if (imageUrl != null && !isHttps(imageUrl)) {
            problems.add("imageUrl: 画像は https:// で始まるURLで指定してください。");
        }
        if (procedureId != null && !PROCEDURE_ID.matcher(procedureId).matches()) {
            problems.add("procedureId: 手続きのIDが正しくありません（英小文字・数字・「-」）。");
        }
        if (buttonLabel != null && buttonLabel.length() > MAX_LABEL) {
            problems.add("buttonLabel: ボタンの文字は" + MAX_LABEL + "文字までです。");
        }
        return problems;
    }

    private static boolean isHttps(String url) {
        try {
            URI uri = URI.create(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && url.length() <= 2000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
