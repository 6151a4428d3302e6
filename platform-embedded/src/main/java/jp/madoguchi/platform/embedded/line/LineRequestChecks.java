package jp.madoguchi.platform.embedded.line;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks LINE applies to send and rich-menu requests (messaging-api.yml's schemas plus LINE's
 * documented limits), each failure a {@link Problem} with the property path LINE names in its
 * 400 body's {@code details}. Pure functions, so the limits read in one place.
 */
final class LineRequestChecks {

    /** One entry of a LINE 400 body's {@code details}. */
    record Problem(String message, String property) {
    }

    /** Message types of Message's discriminator in LINE's messaging-api.yml. */
    static final Set<String> MESSAGE_TYPES = Set.of(
            "text", "textV2", "sticker", "image", "video", "audio", "location", "imagemap", "template", "flex", "coupon");
    static final int MAX_MESSAGES = 5;
    static final int MAX_MULTICAST_RECIPIENTS = 500;
    static final int MAX_TEXT_LENGTH = 5000;
    static final int MAX_ALT_TEXT_LENGTH = 1500;
    static final int MAX_QUICK_REPLY_ITEMS = 13;
    static final int MAX_POSTBACK_DATA_LENGTH = 300;
    static final int MAX_QUICK_REPLY_LABEL_LENGTH = 20;
    static final int RICH_MENU_WIDTH = 2500;
    static final Set<Long> RICH_MENU_HEIGHTS = Set.of(1686L, 843L);
    static final int MAX_RICH_MENU_AREAS = 20;
    static final int MAX_CHAT_BAR_TEXT_LENGTH = 14;
    static final int MAX_RICH_MENU_NAME_LENGTH = 300;

    private static final Set<String> ALT_TEXT_TYPES = Set.of("template", "flex", "imagemap");

    private LineRequestChecks() {
    }

    /** Reply and push: a single recipient property ({@code replyToken} or {@code to}) and the messages. */
    static List<Problem> singleRecipient(JsonNode body, String recipientProperty) {
        List<Problem> problems = new ArrayList<>();
        JsonNode recipient = body.get(recipientProperty);
        if (recipient == null || !recipient.isTextual() || recipient.asText().isBlank()) {
            problems.add(new Problem("must be specified", recipientProperty));
        }
        common(body, problems);
        return problems;
    }

    /** Multicast: {@code to} is 1–500 user ids. */
    static List<Problem> multicast(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        JsonNode to = body.get("to");
        if (to == null || to.isNull()) {
            problems.add(new Problem("must be specified", "to"));
        } else if (!to.isArray()) {
            problems.add(new Problem("must be an array", "to"));
        } else if (to.isEmpty() || to.size() > MAX_MULTICAST_RECIPIENTS) {
            problems.add(new Problem("Size must be between 1 and " + MAX_MULTICAST_RECIPIENTS, "to"));
        } else {
            for (int i = 0; i < to.size(); i++) {
                if (!to.get(i).isTextual() || to.get(i).asText().isBlank()) {
                    problems.add(new Problem("must be a user ID", "to[" + i + "]"));
                }
            }
        }
        common(body, problems);
        return problems;
    }

    /** Broadcast, and narrowcast (whose recipient, filter and limit must be objects when present). */
    static List<Problem> toMany(JsonNode body, boolean narrowcast) {
        List<Problem> problems = new ArrayList<>();
        if (narrowcast) {
            for (String property : List.of("recipient", "filter", "limit")) {
                JsonNode value = body.get(property);
                if (value != null && !value.isNull() && !value.isObject()) {
                    problems.add(new Problem("must be an object", property));
                }
            }
            JsonNode recipient = body.get("recipient");
            if (recipient != null && recipient.isObject() && !recipient.path("type").isTextual()) {
                problems.add(new Problem("must be specified", "recipient.type"));
            }
        }
        common(body, problems);
        return problems;
    }

    private static void common(JsonNode body, List<Problem> problems) {
        JsonNode notificationDisabled = body.get("notificationDisabled");
        if (notificationDisabled != null && !notificationDisabled.isNull() && !notificationDisabled.isBoolean()) {
            problems.add(new Problem("must be a boolean", "notificationDisabled"));
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            problems.add(new Problem("must be specified", "messages"));
        } else if (!messages.isArray()) {
            problems.add(new Problem("must be an array", "messages"));
        } else if (messages.isEmpty() || messages.size() > MAX_MESSAGES) {
            problems.add(new Problem("Size must be between 1 and " + MAX_MESSAGES, "messages"));
        } else {
            for (int i = 0; i < messages.size(); i++) {
                message(messages.get(i), "messages[" + i + "]", problems);
            }
        }
    }

    static void message(JsonNode message, String path, List<Problem> problems) {
        if (!message.isObject()) {
            problems.add(new Problem("must be an object", path));
            return;
        }
        JsonNode type = message.get("type");
        if (type == null || !type.isTextual()) {
            problems.add(new Problem("must be specified", path + ".type"));
        } else if (!MESSAGE_TYPES.contains(type.asText())) {
            problems.add(new Problem("Invalid message type: " + type.asText(), path + ".type"));
        } else if (type.asText().equals("text") || type.asText().equals("textV2")) {
            JsonNode text = message.get("text");
            if (text == null || !text.isTextual() || text.asText().isEmpty()) {
                problems.add(new Problem("must be specified", path + ".text"));
            } else if (text.asText().length() > MAX_TEXT_LENGTH) {
                problems.add(new Problem("Length must be between 0 and " + MAX_TEXT_LENGTH, path + ".text"));
            }
        } else if (ALT_TEXT_TYPES.contains(type.asText())) {
            JsonNode altText = message.get("altText");
            if (altText == null || !altText.isTextual() || altText.asText().isEmpty()) {
                problems.add(new Problem("must be specified", path + ".altText"));
            } else if (altText.asText().length() > MAX_ALT_TEXT_LENGTH) {
                problems.add(new Problem("Length must be between 0 and " + MAX_ALT_TEXT_LENGTH, path + ".altText"));
            }
        }
        JsonNode quickReply = message.get("quickReply");
        if (quickReply != null && !quickReply.isNull()) {
            JsonNode items = quickReply.get("items");
            if (items == null || !items.isArray()) {
                problems.add(new Problem("must be specified", path + ".quickReply.items"));
            } else if (items.size() > MAX_QUICK_REPLY_ITEMS) {
                problems.add(new Problem("Size must be between 0 and " + MAX_QUICK_REPLY_ITEMS, path + ".quickReply.items"));
            } else {
                for (int i = 0; i < items.size(); i++) {
                    JsonNode label = items.get(i).path("action").get("label");
                    if (label != null && label.isTextual() && label.asText().length() > MAX_QUICK_REPLY_LABEL_LENGTH) {
                        problems.add(new Problem("Length must be between 0 and " + MAX_QUICK_REPLY_LABEL_LENGTH,
                                path + ".quickReply.items[" + i + "].action.label"));
                    }
                }
            }
        }
        postbackData(message, path, problems, new HashSet<>());
    }

    /** Every postback or datetimepicker action anywhere in the message (quick reply, template, Flex): data ≤ 300 characters. */
    private static void postbackData(JsonNode node, String path, List<Problem> problems, Set<String> seen) {
        if (node.isObject()) {
            String type = node.path("type").asText();
            JsonNode data = node.get("data");
            if ((type.equals("postback") || type.equals("datetimepicker")) && data != null && data.isTextual()
                    && data.asText().length() > MAX_POSTBACK_DATA_LENGTH && seen.add(path)) {
                problems.add(new Problem("Length must be between 0 and " + MAX_POSTBACK_DATA_LENGTH, path + ".data"));
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                postbackData(field.getValue(), path + "." + field.getKey(), problems, seen);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                postbackData(node.get(i), path + "[" + i + "]", problems, seen);
            }
        }
    }

    /** A rich menu: 2500×1686 or 2500×843, a name, chat bar text ≤ 14 characters, ≤ 20 areas inside the image. */
    static List<Problem> richMenu(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        JsonNode size = body.get("size");
        long width = size == null ? 0 : size.path("width").asLong(0);
        long height = size == null ? 0 : size.path("height").asLong(0);
        if (size == null || !size.isObject()) {
            problems.add(new Problem("must be specified", "size"));
        } else if (width != RICH_MENU_WIDTH || !RICH_MENU_HEIGHTS.contains(height)) {
            problems.add(new Problem("must be 2500x1686 or 2500x843", "size"));
        }
        if (!body.path("selected").isBoolean()) {
            problems.add(new Problem("must be specified", "selected"));
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            problems.add(new Problem("must be specified", "name"));
        } else if (name.asText().length() > MAX_RICH_MENU_NAME_LENGTH) {
            problems.add(new Problem("Length must be between 0 and " + MAX_RICH_MENU_NAME_LENGTH, "name"));
        }
        JsonNode chatBarText = body.get("chatBarText");
        if (chatBarText == null || !chatBarText.isTextual() || chatBarText.asText().isEmpty()) {
            problems.add(new Problem("must be specified", "chatBarText"));
        } else if (chatBarText.asText().length() > MAX_CHAT_BAR_TEXT_LENGTH) {
            problems.add(new Problem("Length must be between 0 and " + MAX_CHAT_BAR_TEXT_LENGTH, "chatBarText"));
        }
        JsonNode areas = body.get("areas");
        if (areas == null || !areas.isArray()) {
            problems.add(new Problem("must be specified", "areas"));
        } else if (areas.size() > MAX_RICH_MENU_AREAS) {
            problems.add(new Problem("Size must be between 0 and " + MAX_RICH_MENU_AREAS, "areas"));
        } else {
            for (int i = 0; i < areas.size(); i++) {
                JsonNode bounds = areas.get(i).path("bounds");
                long x = bounds.path("x").asLong(-1);
                long y = bounds.path("y").asLong(-1);
                long w = bounds.path("width").asLong(0);
                long h = bounds.path("height").asLong(0);
                if (x < 0 || y < 0 || w <= 0 || h <= 0 || (width > 0 && x + w > width) || (height > 0 && y + h > height)) {
                    problems.add(new Problem("must be inside the rich menu image", "areas[" + i + "].bounds"));
                }
                JsonNode action = areas.get(i).get("action");
                if (action == null || !action.path("type").isTextual()) {
                    problems.add(new Problem("must be specified", "areas[" + i + "].action"));
                } else {
                    postbackData(action, "areas[" + i + "].action", problems, new HashSet<>());
                }
            }
        }
        return problems;
    }
}
