package jp.madoguchi.notification.garbage;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jp.madoguchi.notification.audience.ResidentIndex;
import jp.madoguchi.notification.audience.ResidentState;
import jp.madoguchi.notification.audience.TownIndex;
import jp.madoguchi.notification.channel.LineMulticast;
import jp.madoguchi.notification.channel.TownLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends a district's evening-before reminder on LINE to its opted-in friends who still follow, in multicasts of at
 * most 500, each with a retry key derived from the reminder and the chunk: the scheduler hands the same reminder over
 * again after a restart, and LINE answers that second send "already accepted" instead of sending it twice.
 */
@Component
class GarbageReminderSender implements ReminderSink {

    private static final Logger log = LoggerFactory.getLogger(GarbageReminderSender.class);

    private final TownLines lines;
    private final LineMulticast multicast;
    private final ResidentIndex index;

    GarbageReminderSender(TownLines lines, LineMulticast multicast, ResidentIndex index) {
        this.lines = lines;
        this.multicast = multicast;
        this.index = index;
    }

    @Override
    public Mono<Void> send(GarbageReminders.Reminder reminder) {
        return lines.client(reminder.tenant()).flatMap(client -> {
            if (client.isEmpty()) {
                log.warn("event=garbage-reminder-unsent tenant={} reason=no-line-channel", reminder.tenant().code());
                return Mono.<Void>empty();
            }
            // LineMulticast blocks (pacing, backoff): on a bounded worker, never the scheduler's thread
            return Mono.fromRunnable(() -> sendAll(reminder, client.get())).subscribeOn(Schedulers.boundedElastic()).then();
        });
    }

    private void sendAll(GarbageReminders.Reminder reminder, MessagingApiClient client) {
        TownIndex town = index.town(reminder.tenant());
        List<String> to = reminder.residentIds().stream()
                .map(town::resident)
                .flatMap(Optional::stream)
                .filter(r -> r.following() && "LINE".equals(r.channel()) && r.channelUserId() != null)
                .map(ResidentState::channelUserId)
                .toList();
        List<Message> messages = List.of(new TextMessage.Builder(text(reminder)).build());
        int delivered = 0;
        for (int from = 0, chunk = 0; from < to.size(); from += LineMulticast.MAX_RECIPIENTS, chunk++) {
            UUID key = UUID.nameUUIDFromBytes((reminder.key() + ":" + chunk).getBytes(StandardCharsets.UTF_8));
            delivered += multicast.send(reminder.tenant(), client, to.subList(from, Math.min(to.size(), from + LineMulticast.MAX_RECIPIENTS)), messages, key,
                    "garbage reminder " + reminder.date() + " chunk " + chunk).delivered();
        }
        log.info("event=garbage-reminder-sent tenant={} date={} recipients={} delivered={}", reminder.tenant().code(), reminder.date(),
                to.size(), delivered);
    }

    /** 「あした 12月8日（火）は 燃やすごみ・びん の日です。」 in plain words, as elderly residents read it. */
    static String text(GarbageReminders.Reminder reminder) {
        String day = reminder.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.JAPANESE);
        return "あした " + reminder.date().getMonthValue() + "月" + reminder.date().getDayOfMonth() + "日（" + day + "）は "
                + String.join("・", reminder.types()) + " の日です。\n決められた時間までに、決められた場所に出してください。";
    }
}
