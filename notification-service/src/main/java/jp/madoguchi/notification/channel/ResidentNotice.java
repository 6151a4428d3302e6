package jp.madoguchi.notification.channel;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.madoguchi.notification.audience.ResidentIndex;
import jp.madoguchi.notification.audience.ResidentState;
import jp.madoguchi.notification.audience.TownIndex;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends one scheduled notice (a garbage reminder, a day's lunch menu) on LINE to residents of the index who still
 * follow, in multicasts of at most {@value LineMulticast#MAX_RECIPIENTS}, each with a retry key derived from the notice's key and the chunk: schedulers
 * hand the same notice over again after a restart, and LINE answers that second send "already accepted" instead of
 * sending it twice.
 */
@Component
public class ResidentNotice {

    private static final Logger log = LoggerFactory.getLogger(ResidentNotice.class);

    private final TownLines lines;
    private final LineMulticast multicast;
    private final ResidentIndex index;

    ResidentNotice(TownLines lines, LineMulticast multicast, ResidentIndex index) {
        this.lines = lines;
        this.multicast = multicast;
        this.index = index;
    }

    /**
     * @param key  names the notice for good (the same notice, the same key), e.g. {@code garbage:014842:2026-12-03:…}
     * @param what names the notice in logs, never who it is for
     * @return how many residents LINE took; nothing is sent while the town has no channel or is suspended
     */
    public Mono<Integer> send(TenantId tenant, List<String> residentIds, List<Message> messages, String key, String what) {
        return lines.client(tenant).flatMap(client -> {
            if (client.isEmpty()) {
                log.warn("event=notice-unsent tenant={} what={} reason=no-line-channel", tenant.code(), what);
                return Mono.just(0);
            }
            // LineMulticast blocks (pacing, backoff): on a bounded worker, never the scheduler's thread
            return Mono.fromCallable(() -> sendAll(tenant, client.get(), residentIds, messages, key, what)).subscribeOn(Schedulers.boundedElastic());
        });
    }

    private int sendAll(TenantId tenant, MessagingApiClient client, List<String> residentIds, List<Message> messages, String key, String what) {
        TownIndex town = index.town(tenant);
        List<String> to = residentIds.stream()
                .map(town::resident)
                .flatMap(Optional::stream)
                .filter(r -> r.following() && "LINE".equals(r.channel()) && r.channelUserId() != null)
                .map(ResidentState::channelUserId)
                .toList();
        int delivered = 0;
        for (int from = 0, chunk = 0; from < to.size(); from += LineMulticast.MAX_RECIPIENTS, chunk++) {
            UUID retryKey = UUID.nameUUIDFromBytes((key + ":" + chunk).getBytes(StandardCharsets.UTF_8));
            delivered += multicast.send(tenant, client, to.subList(from, Math.min(to.size(), from + LineMulticast.MAX_RECIPIENTS)), messages, retryKey,
                    what + " chunk " + chunk).delivered();
        }
        log.info("event=notice-sent tenant={} what={} recipients={} delivered={}", tenant.code(), what, to.size(), delivered);
        return delivered;
    }
}
