package jp.madoguchi.conversation.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.webhook.model.Event;
import com.linecorp.bot.webhook.model.EventMode;
import com.linecorp.bot.webhook.model.FollowEvent;
import com.linecorp.bot.webhook.model.ImageMessageContent;
import com.linecorp.bot.webhook.model.LocationMessageContent;
import com.linecorp.bot.webhook.model.MessageContent;
import com.linecorp.bot.webhook.model.MessageEvent;
import com.linecorp.bot.webhook.model.PostbackEvent;
import com.linecorp.bot.webhook.model.ReplyEvent;
import com.linecorp.bot.webhook.model.TextMessageContent;
import com.linecorp.bot.webhook.model.UnfollowEvent;
import com.linecorp.bot.webhook.model.UserSource;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.conversation.counter.Caller;
import jp.madoguchi.conversation.counter.Said;
import jp.madoguchi.conversation.engine.ResidentInput;
import jp.madoguchi.conversation.resident.ResidentId;
import jp.madoguchi.conversation.resident.ResidentProfiles;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the LINE inbox's records (the webhook's envelope {@code {tenantId, event}}) and translates LINE
 * events into what the {@link jp.madoguchi.conversation.counter.ResidentCounter} understands. What must be
 * fetched from LINE (a photo, a new friend's display name) is fetched here, before any transaction.
 */
@Component
class LineEventReader {

    static final String CHANNEL = "LINE";
    private static final Logger log = LoggerFactory.getLogger(LineEventReader.class);

    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();
    private final LineContent content;
    private final ResidentProfiles profiles;
    private final LineChannels channels;

    LineEventReader(LineContent content, ResidentProfiles profiles, LineChannels channels) {
        this.content = content;
        this.profiles = profiles;
        this.channels = channels;
    }

    /** One inbox record, read: the town, the event, its type as LINE named it, and the stored photo's content id if any. */
    record Inbound(TenantId tenant, Event event, String eventType, String photo) {

        Instant at() {
            return event.timestamp() == null ? Instant.now() : Instant.ofEpochMilli(event.timestamp());
        }

        /** The one-to-one user, if the event comes from one (group and room events do not come from a resident). */
        Optional<String> lineUserId() {
            return event.source() instanceof UserSource user && user.userId() != null ? Optional.of(user.userId()) : Optional.empty();
        }

        String replyToken() {
            return event instanceof ReplyEvent r ? r.replyToken() : null;
        }
    }

    /**
     * Reads a record and fetches what it needs from LINE; throws when it is not an inbox envelope at all (that record
     * can never be handled).
     */
    Inbound read(String value) throws IOException {
        Inbound in = envelope(value);
        if (in.event() instanceof FollowEvent && in.lineUserId().isPresent()) {
            // the display name goes to the resident read model only (personal data: never in events or logs); idempotent
            String user = in.lineUserId().get();
            channels.client(in.tenant()).ifPresent(client -> profiles.recordProfile(in.tenant(), ResidentId.line(in.tenant(), user).value(),
                    user, client));
        }
        String photo = photo(in);
        return photo == null ? in : new Inbound(in.tenant(), in.event(), in.eventType(), photo);
    }

    /** The record as far as it can be read at all, fetching nothing (for a parked record). */
    Optional<Inbound> tryRead(String value) {
        try {
            return Optional.of(envelope(value));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Inbound envelope(String value) throws IOException {
        JsonNode envelope = lineJson.readTree(value);
        TenantId tenant = TenantId.of(envelope.path("tenantId").asText());
        Event event = lineJson.treeToValue(envelope.path("event"), Event.class);
        return new Inbound(tenant, event, envelope.path("event").path("type").asText("unknown"), null);
    }

    Optional<Caller> caller(Inbound in) {
        return in.lineUserId().map(user -> new Caller(in.tenant(), ResidentId.line(in.tenant(), user).value(), CHANNEL, user));
    }

    /**
     * What the resident did, for the counter: messages, postbacks, follows and unfollows. Other events (unsend,
     * video viewed, beacon, account link, a type LINE adds later) and anything in standby mode (another module
     * answers the channel then) are recorded as seen and not answered.
     */
    Optional<Said> said(Inbound in) {
        Event event = in.event();
        if (event.mode() == EventMode.STANDBY) {
            return Optional.empty();
        }
        if (event instanceof FollowEvent) {
            return Optional.of(new Said.Followed());
        }
        if (event instanceof UnfollowEvent) {
            return Optional.of(new Said.Unfollowed());
        }
        if (event instanceof MessageEvent || event instanceof PostbackEvent) {
            return Optional.of(message(in));
        }
        return Optional.empty();
    }

    private Said message(Inbound in) {
        Event event = in.event();
        if (event instanceof MessageEvent message) {
            MessageContent body = message.message();
            if (body instanceof TextMessageContent text) {
                return new Said.Typed(text.text());
            }
            if (body instanceof LocationMessageContent location) {
                return new Said.Gave(new ResidentInput.Location(location.latitude(), location.longitude(), location.address()));
            }
            if (in.photo() != null) {
                return new Said.Gave(new ResidentInput.Photo(in.photo()));
            }
            return new Said.Unreadable(in.eventType() + ":" + (body == null ? "unknown" : body.getClass().getSimpleName()));
        }
        if (event instanceof PostbackEvent postback && postback.postback() != null) {
            String data = postback.postback().data() == null ? "" : postback.postback().data();
            Map<String, String> params = postback.postback().params() == null ? Map.of() : postback.postback().params();
            return picked(params).<Said>map(Said.Gave::new).orElse(new Said.Tapped(data));
        }
        return new Said.Unreadable(in.eventType());
    }

    /** A date picker's value; a malformed one is treated as a plain tap (it is answered, never thrown). */
    private static Optional<ResidentInput> picked(Map<String, String> params) {
        try {
            if (params.containsKey("datetime")) {
                return Optional.of(ResidentInput.DateTime.of(LocalDateTime.parse(params.get("datetime"))));
            }
            if (params.containsKey("date")) {
                return Optional.of(ResidentInput.DateTime.of(LocalDate.parse(params.get("date"))));
            }
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Fetches and stores a one-to-one user's image; an image LINE no longer has is answered like any unreadable message. */
    private String photo(Inbound in) {
        if (in.event() instanceof MessageEvent message && message.message() instanceof ImageMessageContent image && in.lineUserId().isPresent()) {
            try {
                return content.fetchAndStore(in.tenant(), ResidentId.line(in.tenant(), in.lineUserId().get()).value(), image.id());
            } catch (IllegalStateException e) {
                log.warn("event=line-content-unavailable tenant={} reason={}", in.tenant(), e.getCause() == null
                        ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName());
                return null;
            }
        }
        return null;
    }
}
