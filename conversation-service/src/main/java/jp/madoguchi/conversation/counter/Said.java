package jp.madoguchi.conversation.counter;

import jp.madoguchi.conversation.engine.ResidentInput;

/** What a resident did, as any channel can tell it: the channels translate their wire format into one of these. */
public sealed interface Said {

    /** Added the town as a friend (LINE follow). */
    record Followed() implements Said {
    }

    /** Blocked or removed the town (LINE unfollow). */
    record Unfollowed() implements Said {
    }

    /** Typed text. */
    record Typed(String text) implements Said {
    }

    /** Tapped a button, a quick reply or a rich-menu area whose data is {@code data}. */
    record Tapped(String data) implements Said {
    }

    /** A date picked, a location or a photo shared: already an answer to a question. */
    record Gave(ResidentInput input) implements Said {
    }

    /** Something no procedure can take (a sticker, a video, a voice message, a file, a type LINE may add). */
    record Unreadable(String kind) implements Said {
    }
}
