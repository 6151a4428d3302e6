package jp.madoguchi.notification.garbage;

import com.linecorp.bot.messaging.model.TextMessage;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import jp.madoguchi.notification.channel.ResidentNotice;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a district's evening-before reminder on LINE to its opted-in friends who still follow, through
 * {@link ResidentNotice} with the reminder's key: the scheduler hands the same reminder over again after a restart,
 * and the retry key derived from it keeps LINE from sending it twice.
 */
@Component
class GarbageReminderSender implements ReminderSink {

    private final ResidentNotice notice;

    GarbageReminderSender(ResidentNotice notice) {
        this.notice = notice;
    }

    @Override
    public Mono<Void> send(GarbageReminders.Reminder reminder) {
        return notice.send(reminder.tenant(), reminder.residentIds(), List.of(new TextMessage.Builder(text(reminder)).build()), reminder.key(),
                "garbage-reminder:" + reminder.date()).then();
    }

    /** 「あした 12月8日（火）は 燃やすごみ・びん の日です。」 in plain words, as elderly residents read it. */
    static String text(GarbageReminders.Reminder reminder) {
        String day = reminder.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.JAPANESE);
        return "あした " + reminder.date().getMonthValue() + "月" + reminder.date().getDayOfMonth() + "日（" + day + "）は "
                + String.join("・", reminder.types()) + " の日です。\n決められた時間までに、決められた場所に出してください。";
    }
}
