package jp.madoguchi.notification.lunch;

import com.linecorp.bot.messaging.model.TextMessage;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import jp.madoguchi.notification.channel.ResidentNotice;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a day's menu on LINE to its opted-in friends through {@link ResidentNotice}, with retry keys derived from
 * the delivery (town, day, school) and the chunk, so a scheduler that hands the same morning over again sends nothing twice.
 */
@Component
class LunchMenuSender {

    private final ResidentNotice notice;

    LunchMenuSender(ResidentNotice notice) {
        this.notice = notice;
    }

    /** Answers how many residents LINE took. */
    Mono<Integer> send(LunchDeliveries.Delivery delivery) {
        return notice.send(delivery.tenant(), delivery.residentIds(), List.of(new TextMessage.Builder(text(delivery.menu())).build()),
                delivery.key(), "lunch-menu:" + delivery.menu().date());
    }

    /**
     * 「きょう 12月8日（火）の給食は、ごはん・みそしる・さけのしおやき・ぎゅうにゅう です。」 in plain words, the school named
     * when the town has several, and the allergens on a line of their own when the menu lists any.
     */
    static String text(LunchDay menu) {
        String day = menu.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.JAPANESE);
        String school = menu.school().isEmpty() ? "" : menu.school() + "の ";
        StringBuilder text = new StringBuilder("きょう ").append(menu.date().getMonthValue()).append("月").append(menu.date().getDayOfMonth())
                .append("日（").append(day).append("）の ").append(school).append("給食は、").append(String.join("・", menu.dishes())).append(" です。");
        if (!menu.allergens().isEmpty()) {
            text.append("\nアレルギーの もとになる 食べもの: ").append(String.join("・", menu.allergens()));
        }
        return text.toString();
    }
}
