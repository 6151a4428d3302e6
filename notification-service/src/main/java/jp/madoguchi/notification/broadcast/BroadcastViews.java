package jp.madoguchi.notification.broadcast;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.notification.audience.Segment;
import jp.madoguchi.notification.audience.SegmentJson;
import org.bson.Document;

/** Reads a {@link BroadcastBoard} document: for the API, and for the dispatcher's content and audience. */
final class BroadcastViews {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BroadcastViews() {
    }

    static BroadcastContent content(Document broadcast) {
        Document c = broadcast.get("content", Document.class);
        return new BroadcastContent(c.getString("text"), c.getString("imageUrl"), c.getString("procedureId"), c.getString("buttonLabel"));
    }

    static Segment audience(Document broadcast) {
        try {
            return SegmentJson.read(JSON.readTree(broadcast.get("audience", Document.class).getString("definition")));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable audience of broadcast " + broadcast.getString("_id"), e);
        }
    }

    /** Fields staff see, with live progress: the sums of the chunks recorded so far. */
    static Map<String, Object> view(Document d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.getString("_id"));
        for (String field : List.of("title", "status", "approvalRequired", "draftedBy", "approvedBy", "recipients", "chunks")) {
            view.put(field, d.get(field));
        }
        view.put("content", d.get("content"));
        view.put("audience", d.get("audience", Document.class).getString("name"));
        for (String field : List.of("draftedAt", "sendAt", "startedAt", "sentAt", "cancelledAt")) {
            view.put(field, Optional.ofNullable(d.getDate(field)).map(Date::toInstant).orElse(null));
        }
        Document progress = d.get("progress", Document.class);
        int delivered = 0;
        int failed = 0;
        int skipped = 0;
        int done = 0;
        if (progress != null) {
            for (Object chunk : progress.values()) {
                Document c = (Document) chunk;
                delivered += c.getInteger("delivered", 0);
                failed += c.getInteger("failed", 0);
                skipped += c.getInteger("skipped", 0);
                done++;
            }
        }
        view.put("progress", Map.of("chunksDone", done, "delivered", delivered, "failed", failed, "skipped", skipped));
        return view;
    }
}
