package jp.madoguchi.conversation.notice;

import java.text.Normalizer;
import java.util.List;
import java.util.Set;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.stereotype.Component;

/**
 * A resident asks 「申請の状況」 (typed, or the postback {@value #POSTBACK}): the answer lists their
 * applications in this town with receipt number, procedure and status. Channel-neutral: LINE and the
 * web chat render the {@link Reply}.
 */
@Component
public class ApplicationStatusQuery {

    public static final String POSTBACK = "status";
    static final Set<String> WORDS = Set.of("申請の状況", "申請状況", "申請の状態", "状況", "状況確認");
    static final int MAX_LISTED = 10;

    private final ResidentApplications applications;

    public ApplicationStatusQuery(ResidentApplications applications) {
        this.applications = applications;
    }

    /** Whether typed text (any width, spaces and 。 ignored) or postback data asks for the status. */
    public static boolean asks(String textOrPostback) {
        if (textOrPostback == null) {
            return false;
        }
        if (POSTBACK.equals(textOrPostback)) {
            return true;
        }
        String t = Normalizer.normalize(textOrPostback, Normalizer.Form.NFKC).replaceAll("\\s+", "").replace("。", "").replace("?", "");
        return WORDS.contains(t);
    }

    /** The resident's applications (newest first, at most ten), as one message with a way back to the menu. */
    public Reply answer(TenantId tenant, String residentId) {
        List<NoticeTexts.Line> lines = applications.of(tenant, residentId, MAX_LISTED);
        return new Reply.Ask(NoticeTexts.statusList(lines), List.of(new Reply.QuickOption("メニュー", "menu")));
    }
}
