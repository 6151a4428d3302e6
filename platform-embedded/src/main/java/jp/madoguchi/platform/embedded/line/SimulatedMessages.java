package jp.madoguchi.platform.embedded.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;

/**
 * What a resident sends from the simulator page, as LINE would put it into a webhook event: a text, location or image message
 * (with the ids and quote tokens LINE hands out) or a postback (with date/time picker params). Also fills {@code shown}, the
 * resident's own chat entry. Bad input throws {@link IllegalArgumentException} with a Japanese message for the page.
 */
final class SimulatedMessages {

    private static final int MAX_IMAGE_BYTES = 1024 * 1024;
    private static final int MAX_TEXT_LENGTH = 5000;

    private final EmulatorIds ids;
    private final ResidentDirectory residents;

    SimulatedMessages(EmulatorIds ids, ResidentDirectory residents) {
        this.ids = ids;
        this.residents = residents;
    }

    ObjectNode postback(JsonNode postback, String display, ObjectNode shown) {
        String data = postback.path("data").asText("");
        if (data.isEmpty() || data.length() > LineRequestChecks.MAX_POSTBACK_DATA_LENGTH) {
            throw new IllegalArgumentException("postback data は1〜300文字です。");
        }
        ObjectNode out = LineHttp.JSON.createObjectNode().put("data", data);
        JsonNode params = postback.path("params");
        if (params.isObject() && !params.isEmpty()) {
            ObjectNode p = out.putObject("params");
            for (String name : List.of("date", "time", "datetime")) {
                if (params.path(name).isTextual()) {
                    p.put(name, params.get(name).asText());
                }
            }
            shown.put("kind", "text").put("text", display != null ? display : String.join(" ", p.findValuesAsText("date"))
                    + String.join(" ", p.findValuesAsText("datetime")) + String.join(" ", p.findValuesAsText("time")));
        } else if (display != null && !display.isBlank()) {
            shown.put("kind", "text").put("text", display);
        }
        return out;
    }

    ObjectNode message(JsonNode input, ObjectNode shown) {
        String type = input.path("type").asText();
        ObjectNode message = LineHttp.JSON.createObjectNode();
        switch (type) {
            case "text" -> {
                String text = input.path("text").asText("");
                if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
                    throw new IllegalArgumentException("テキストは1〜5000文字です。");
                }
                message.put("id", ids.nextMessageId()).put("type", "text").put("quoteToken", ids.quoteToken()).put("text", text);
                shown.put("kind", "text").put("text", text);
            }
            case "location" -> {
                double latitude = input.path("latitude").asDouble(Double.NaN);
                double longitude = input.path("longitude").asDouble(Double.NaN);
                if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
                    throw new IllegalArgumentException("緯度は-90〜90、経度は-180〜180の数値です。");
                }
                message.put("id", ids.nextMessageId()).put("type", "location");
                String title = input.path("title").asText("").strip();
                String address = input.path("address").asText("").strip();
                if (!title.isEmpty()) {
                    message.put("title", title);
                }
                if (!address.isEmpty()) {
                    message.put("address", address);
                }
                message.put("latitude", latitude).put("longitude", longitude);
                shown.put("kind", "location").put("text", address.isEmpty() ? latitude + ", " + longitude : address)
                        .put("latitude", latitude).put("longitude", longitude);
            }
            case "image" -> {
                byte[] png;
                try {
                    String data = input.path("dataBase64").asText("");
                    png = data.isEmpty() ? Base64.getDecoder().decode(LineEmulator.TINY_PNG) : Base64.getDecoder().decode(data);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("画像は base64 の PNG です。");
                }
                if (png.length > MAX_IMAGE_BYTES || png.length < 8 || (png[1] != 'P' || png[2] != 'N' || png[3] != 'G')) {
                    throw new IllegalArgumentException("画像は1MB以下の PNG です。");
                }
                String id = residents.storeContent(png, "image/png");
                message.put("id", id).put("type", "image").put("quoteToken", ids.quoteToken());
                message.putObject("contentProvider").put("type", "line");
                shown.put("kind", "image").put("contentId", id);
            }
            default -> throw new IllegalArgumentException("message.type は text, location, image のどれかです。");
        }
        return message;
    }
}
