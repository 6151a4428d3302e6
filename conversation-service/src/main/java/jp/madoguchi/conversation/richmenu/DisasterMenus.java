package jp.madoguchi.conversation.richmenu;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.conversation.line.LineChannels;
import jp.madoguchi.conversation.shelter.DisasterMode;
import jp.madoguchi.conversation.shelter.Shelters;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Switches a town's disaster mode: on, a shelters-first rich menu (「避難所をさがす」, then the town's own areas) becomes
 * the channel's default; off, the town's normal menu is the default again (none if it never set one) and the
 * shelters-first menu is deleted. Switching to the mode it is already in changes nothing.
 */
@Component
class DisasterMenus {

    static final RichMenus.Area SHELTER_AREA = new RichMenus.Area(Shelters.LABEL, new RichMenus.AreaAction("shelter", null, null));
    static final RichMenus.Area MENU_AREA = new RichMenus.Area("メニュー", new RichMenus.AreaAction("menu", null, null));
    private static final Logger log = LoggerFactory.getLogger(DisasterMenus.class);

    private final RichMenus menus;
    private final DisasterMode mode;
    private final LineChannels channels;

    DisasterMenus(RichMenus menus, DisasterMode mode, LineChannels channels) {
        this.menus = menus;
        this.mode = mode;
        this.channels = channels;
    }

    /** The shelters-first areas: the town's own after 「避難所をさがす」 (its own shelter area dropped), at most six. */
    static List<RichMenus.Area> disasterAreas(Optional<RichMenus.Current> normal) {
        List<RichMenus.Area> areas = new ArrayList<>(List.of(SHELTER_AREA));
        normal.map(RichMenus.Current::areas).orElse(List.of()).stream()
                .filter(a -> !"shelter".equals(a.action().type()))
                .limit(RichMenuLayout.MAX_AREAS - 1)
                .forEach(areas::add);
        if (areas.size() < RichMenuLayout.MIN_AREAS) {
            areas.add(MENU_AREA);
        }
        return areas;
    }

    DisasterMode.State switchTo(TenantId tenant, boolean on, String by) throws Exception {
        DisasterMode.State state = mode.state(tenant);
        if (state.on() == on) {
            return state;
        }
        Optional<MessagingApiClient> client = channels.client(tenant);
        if (on) {
            String richMenuId = null;
            if (client.isPresent()) {
                // a town without a LINE channel still gets the shelters-first menus in the web chat
                richMenuId = menus.create(tenant, disasterAreas(menus.current(tenant)), Shelters.LABEL);
                client.get().setDefaultRichMenu(richMenuId).get(15, TimeUnit.SECONDS);
            }
            log.info("event=disaster-mode-on tenant={} richMenu={}", tenant, richMenuId != null);
            return mode.set(tenant, true, richMenuId, by);
        }
        if (client.isPresent()) {
            Optional<RichMenus.Current> normal = menus.current(tenant);
            if (normal.isPresent()) {
                client.get().setDefaultRichMenu(normal.get().richMenuId()).get(15, TimeUnit.SECONDS);
            } else {
                client.get().cancelDefaultRichMenu().get(15, TimeUnit.SECONDS);
            }
            if (state.richMenuId() != null) {
                try {
                    client.get().deleteRichMenu(state.richMenuId()).get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.info("event=disaster-menu-not-deleted tenant={} reason={}", tenant, e.getClass().getSimpleName());
                }
            }
        }
        log.info("event=disaster-mode-off tenant={}", tenant);
        return mode.set(tenant, false, null, by);
    }
}
