package jp.madoguchi.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import jp.madoguchi.deploy.UnscriptedResidentsPropertyTest.Act;

/** Webhook events of every type in LINE's webhook.yml (and some it may add), as JSON, for {@link UnscriptedResidentsPropertyTest}. */
final class LineEvents {

    /** The types a one-to-one user in active mode must get exactly one answer to. */
    static final Set<String> ANSWERED = Set.of("text", "postback", "follow", "image", "video", "audio", "file", "location", "sticker",
            "futureMessage");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineEvents() {
    }

    static String event(Act act, String user, String replyToken, String webhookEventId) {
        ObjectNode e = JSON.createObjectNode();
        boolean message = Set.of("text", "image", "video", "audio", "file", "location", "sticker", "futureMessage").contains(act.type());
        e.put("type", message ? "message" : act.type());
        e.put("mode", act.standby() ? "standby" : "active");
        e.put("timestamp", Instant.now().toEpochMilli());
        e.put("webhookEventId", webhookEventId);
        e.putObject("deliveryContext").put("isRedelivery", false);
        ObjectNode source = e.putObject("source");
        switch (act.source()) {
            case USER -> source.put("type", "user").put("userId", user);
            case GROUP -> source.put("type", "group").put("groupId", "C" + user.substring(1)).put("userId", user);
            case ROOM -> source.put("type", "room").put("roomId", "R" + user.substring(1)).put("userId", user);
        }
        if (!Set.of("unfollow", "leave", "memberLeft", "unsend").contains(act.type())) {
            e.put("replyToken", replyToken);
        }
        String id = Long.toString(System.nanoTime());
        switch (act.type()) {
            case "text" -> e.putObject("message").put("type", "text").put("id", id).put("quoteToken", "q").put("text", act.detail());
            case "image" -> e.putObject("message").put("type", "image").put("id", id).put("quoteToken", "q")
                    .putObject("contentProvider").put("type", "line");
            case "video" -> e.putObject("message").put("type", "video").put("id", id).put("quoteToken", "q").put("duration", 1000)
                    .putObject("contentProvider").put("type", "line");
            case "audio" -> e.putObject("message").put("type", "audio").put("id", id).put("duration", 1000)
                    .putObject("contentProvider").put("type", "line");
            case "file" -> e.putObject("message").put("type", "file").put("id", id).put("fileName", "a.pdf").put("fileSize", 10);
            case "location" -> e.putObject("message").put("type", "location").put("id", id).put("title", act.detail())
                    .put("address", "北海道苫前郡苫前町旭37-1").put("latitude", 44.31).put("longitude", 141.65);
            case "sticker" -> e.putObject("message").put("type", "sticker").put("id", id).put("quoteToken", "q").put("packageId", "446")
                    .put("stickerId", "1988").put("stickerResourceType", "STATIC");
            case "futureMessage" -> e.putObject("message").put("type", "hologram").put("id", id).put("depth", 3);
            case "postback" -> postback(e.putObject("postback"), act);
            case "follow" -> e.putObject("follow").put("isUnblocked", act.user() % 2 == 0);
            case "memberJoined" -> e.putObject("joined").putArray("members").addObject().put("type", "user").put("userId", user);
            case "memberLeft" -> e.putObject("left").putArray("members").addObject().put("type", "user").put("userId", user);
            case "unsend" -> e.putObject("unsend").put("messageId", id);
            case "videoPlayComplete" -> e.putObject("videoPlayComplete").put("trackingId", act.detail());
            case "beacon" -> e.putObject("beacon").put("hwid", "d41d8cd98f").put("type", "enter");
            case "accountLink" -> e.putObject("link").put("result", "ok").put("nonce", act.detail());
            case "futureEvent" -> e.putObject("somethingNew").put("value", act.detail());
            default -> {
                // unfollow, join, leave: nothing beyond the common fields
            }
        }
        return e.toString();
    }

    /** Postback data, with the picker params a date picker sends — valid, malformed, or none. */
    private static void postback(ObjectNode postback, Act act) {
        postback.put("data", act.detail());
        switch (act.user() % 4) {
            case 1 -> postback.putObject("params").put("date", LocalDate.now().plusDays(act.town() + 1).toString());
            case 2 -> postback.putObject("params").put("datetime", LocalDate.now().plusDays(2) + "T10:30");
            case 3 -> postback.putObject("params").put("date", act.detail());
            default -> {
                // a plain tap
            }
        }
    }
}
