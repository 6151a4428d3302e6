package jp.madoguchi.platform.embedded.line;

import static jp.madoguchi.platform.embedded.line.LineHttp.JSON;
import static jp.madoguchi.platform.embedded.line.LineHttp.channelOf;
import static jp.madoguchi.platform.embedded.line.LineHttp.error;
import static jp.madoguchi.platform.embedded.line.LineHttp.unauthorized;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import jp.madoguchi.platform.embedded.line.LineHttp.Answer;
import jp.madoguchi.platform.embedded.line.LineHttp.Call;
import jp.madoguchi.platform.embedded.line.LineRequestChecks.Problem;

/** Rich menus per channel as LINE keeps them: create, upload the image once, list, delete, set as default, link to a user. */
final class RichMenus {

    private static final int MAX_RICH_MENUS = 1000;
    private static final int MAX_RICH_MENU_IMAGE_BYTES = 1024 * 1024;

    /** A rich menu of one channel; {@code image} is null until uploaded. */
    private record RichMenu(String id, String channel, ObjectNode definition, byte[] image) {
    }

    private final EmulatorIds ids;
    private final Object lock = new Object();
    private final Map<String, RichMenu> richMenus = new LinkedHashMap<>();
    private final Map<String, String> defaultRichMenus = new LinkedHashMap<>();
    private final Map<String, String> userRichMenus = new LinkedHashMap<>();

    RichMenus(EmulatorIds ids) {
        this.ids = ids;
    }

    void reset() {
        synchronized (lock) {
            richMenus.clear();
            defaultRichMenus.clear();
            userRichMenus.clear();
        }
    }

    Answer create(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        JsonNode body = LineHttp.parseObject(call.body());
        if (body == null) {
            return LineHttp.notAnObject(requestId);
        }
        List<Problem> problems = LineRequestChecks.richMenu(body);
        if (!problems.isEmpty()) {
            return LineHttp.invalid(requestId, problems);
        }
        synchronized (lock) {
            if (richMenus.values().stream().filter(m -> m.channel().equals(channel)).count() >= MAX_RICH_MENUS) {
                return Answer.of(400, requestId, error("The maximum number of rich menus has been reached", List.of()));
            }
            String id = "richmenu-" + ids.randomHex(16);
            ObjectNode definition = ((ObjectNode) body.deepCopy()).put("richMenuId", id);
            richMenus.put(id, new RichMenu(id, channel, definition, null));
            return Answer.of(200, requestId, JSON.createObjectNode().put("richMenuId", id));
        }
    }

    /** The image upload (api-data.line.me in production): PNG or JPEG, at most 1 MB, once per menu. */
    Answer uploadImage(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        String type = call.contentType() == null ? "" : call.contentType().toLowerCase();
        if (!type.startsWith("image/png") && !type.startsWith("image/jpeg")) {
            return Answer.of(415, requestId, error("Unsupported Media Type: the image must be image/jpeg or image/png", List.of()));
        }
        if (call.body().length == 0 || call.body().length > MAX_RICH_MENU_IMAGE_BYTES) {
            return Answer.of(400, requestId, error("The image must be between 1 byte and 1 MB", List.of()));
        }
        synchronized (lock) {
            RichMenu menu = ownRichMenu(call.param("id"), channel);
            if (menu == null) {
                return Answer.of(404, requestId, error("Not found", List.of()));
            }
            if (menu.image() != null) {
                return Answer.of(400, requestId, error("An image has already been uploaded to the richmenu", List.of()));
            }
            richMenus.put(menu.id(), new RichMenu(menu.id(), channel, menu.definition(), call.body().clone()));
            return Answer.of(200, requestId, JSON.createObjectNode());
        }
    }

    Answer list(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        ArrayNode menus = JSON.createArrayNode();
        synchronized (lock) {
            richMenus.values().stream().filter(m -> m.channel().equals(channel)).forEach(m -> menus.add(m.definition().deepCopy()));
        }
        ObjectNode list = JSON.createObjectNode();
        list.set("richmenus", menus);
        return Answer.of(200, requestId, list);
    }

    Answer get(Call call) {
        return withRichMenu(call, (menu, requestId) -> Answer.of(200, requestId, menu.definition().deepCopy()));
    }

    Answer delete(Call call) {
        return withRichMenu(call, (menu, requestId) -> {
            richMenus.remove(menu.id());
            defaultRichMenus.values().removeIf(menu.id()::equals);
            userRichMenus.values().removeIf(menu.id()::equals);
            return Answer.of(200, requestId, JSON.createObjectNode());
        });
    }

    Answer setDefault(Call call) {
        return withRichMenu(call, (menu, requestId) -> {
            if (menu.image() == null) {
                return Answer.of(400, requestId, error("must upload richmenu image before applying it to user", List.of()));
            }
            defaultRichMenus.put(menu.channel(), menu.id());
            return Answer.of(200, requestId, JSON.createObjectNode());
        });
    }

    Answer link(Call call) {
        return withRichMenu(call, (menu, requestId) -> {
            if (menu.image() == null) {
                return Answer.of(400, requestId, error("must upload richmenu image before applying it to user", List.of()));
            }
            userRichMenus.put(menu.channel() + "/" + call.param("userId"), menu.id());
            return Answer.of(200, requestId, JSON.createObjectNode());
        });
    }

    /** LINE's "cancel default rich menu": friends without a linked menu then see none. */
    Answer cancelDefault(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        synchronized (lock) {
            defaultRichMenus.remove(channel);
        }
        return Answer.of(200, requestId, JSON.createObjectNode());
    }

    Answer getDefault(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        synchronized (lock) {
            String id = defaultRichMenus.get(channel);
            return id == null ? Answer.of(404, requestId, error("no default richmenu", List.of()))
                    : Answer.of(200, requestId, JSON.createObjectNode().put("richMenuId", id));
        }
    }

    /** The menu linked to the user, else LINE's 404 (the default menu is not "linked"). */
    Answer getForUser(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        synchronized (lock) {
            String id = userRichMenus.get(channel + "/" + call.param("userId"));
            return id == null ? Answer.of(404, requestId, error("the user has no richmenu", List.of()))
                    : Answer.of(200, requestId, JSON.createObjectNode().put("richMenuId", id));
        }
    }

    private Answer withRichMenu(Call call, BiFunction<RichMenu, String, Answer> action) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        synchronized (lock) {
            RichMenu menu = ownRichMenu(call.param("id"), channel);
            if (menu == null) {
                return Answer.of(404, requestId, error("Not found", List.of()));
            }
            return action.apply(menu, requestId);
        }
    }

    /** A rich menu of this channel (another channel's menu is as unknown as a made-up id). */
    private RichMenu ownRichMenu(String id, String channel) {
        RichMenu menu = id == null ? null : richMenus.get(id);
        return menu != null && menu.channel().equals(channel) ? menu : null;
    }
}
