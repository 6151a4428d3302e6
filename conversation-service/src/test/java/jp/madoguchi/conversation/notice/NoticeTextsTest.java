package jp.madoguchi.conversation.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What residents read about their applications. */
class NoticeTextsTest {

    @Test
    void aStatusChangeNamesTheReceiptNumberAndTheNewStatus() {
        assertThat(NoticeTexts.statusChanged("2026-000001", "水道の使用開始", "IN_PROGRESS", ""))
                .startsWith("受付番号 2026-000001 の申請は『処理中』になりました。").contains("手続き：水道の使用開始");
    }

    @Test
    void aRejectionGivesTheReason() {
        assertThat(NoticeTexts.statusChanged("2026-000002", null, "REJECTED", "住所が町外です"))
                .contains("『却下』", "理由：住所が町外です", "お問い合わせください");
    }

    @Test
    void completionThanksTheResident() {
        assertThat(NoticeTexts.statusChanged("2026-000003", "粗大ごみ", "COMPLETED", "")).contains("『完了』", "ありがとうございました");
    }

    @Test
    void aStaffMessageIsQuotedUnderTheReceiptNumber() {
        assertThat(NoticeTexts.message("2026-000004", "書類を1枚追加してください。"))
                .isEqualTo("受付番号 2026-000004 の申請について、担当者からのお知らせです。\n\n書類を1枚追加してください。");
    }

    @Test
    void theStatusListShowsEachApplicationOrSaysThereAreNone() {
        assertThat(NoticeTexts.statusList(List.of())).isEqualTo(NoticeTexts.NO_APPLICATIONS);
        assertThat(NoticeTexts.statusList(List.of(new NoticeTexts.Line("2026-000002", "粗大ごみ", "IN_PROGRESS"),
                new NoticeTexts.Line("2026-000001", "水道の使用開始", "COMPLETED"))))
                .contains("受付番号 2026-000002\n粗大ごみ：処理中", "受付番号 2026-000001\n水道の使用開始：完了");
    }

    @Test
    void residentsAskForTheStatusInTheirOwnWords() {
        assertThat(ApplicationStatusQuery.asks("申請の状況")).isTrue();
        assertThat(ApplicationStatusQuery.asks("申請の 状況。")).isTrue();
        assertThat(ApplicationStatusQuery.asks("status")).isTrue();
        assertThat(ApplicationStatusQuery.asks("水道")).isFalse();
    }
}
