package jp.madoguchi.portal.application;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** procedure-service's work-queue shapes, with what the pages show (Japanese labels, times in Asia/Tokyo). */
public final class ApplicationViews {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(JAPAN);

    /** The statuses staff filter by, in the order of the lifecycle. */
    public static final List<Status> STATUSES = List.of(
            new Status("RECEIVED", "受付"), new Status("IN_PROGRESS", "処理中"), new Status("COMPLETED", "完了"),
            new Status("REJECTED", "却下"), new Status("WITHDRAWN", "取下げ"));

    public record Status(String value, String label) {
    }

    private ApplicationViews() {
    }

    static String when(Instant at) {
        return at == null ? "" : WHEN.format(at);
    }

    public static String statusLabel(String status) {
        return STATUSES.stream().filter(s -> s.value().equals(status)).map(Status::label).findFirst().orElse(status == null ? "" : status);
    }

    /** Where staff may move an application from {@code status}: 受付→処理中, 処理中→完了/却下; closed ones go nowhere. */
    static List<Status> nextStatuses(String status) {
        if ("RECEIVED".equals(status)) {
            return List.of(STATUSES.get(1));
        }
        if ("IN_PROGRESS".equals(status)) {
            return List.of(STATUSES.get(2), STATUSES.get(3));
        }
        return List.of();
    }

    static String channelLabel(String channel) {
        if (channel == null) {
            return "";
        }
        return switch (channel) {
            case "LINE" -> "LINE";
            case "WEB" -> "ウェブ";
            default -> channel;
        };
    }

    public record Summary(String applicationId, String receiptNumber, String procedureId, int procedureVersion, String status,
                          String statusLabel, String channel, Instant submittedAt, Instant updatedAt, String assigneeId,
                          String assigneeName) {

        public String submitted() {
            return when(submittedAt);
        }

        public String updated() {
            return when(updatedAt);
        }

        public String channelName() {
            return channelLabel(channel);
        }

        public String statusName() {
            return statusLabel != null && !statusLabel.isBlank() ? statusLabel : ApplicationViews.statusLabel(status);
        }
    }

    public record Page(List<Summary> items, int page, int size, long total) {

        public List<Summary> items() {
            return items == null ? List.of() : items;
        }

        public long pages() {
            return size <= 0 ? 1 : Math.max(1, (total + size - 1) / size);
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }
    }

    public record HistoryEntry(String type, Instant at, String actorKind, String actorId, String actorName, String text,
                               String from, String to, String reason) {

        public String when() {
            return ApplicationViews.when(at);
        }

        public String actor() {
            if (actorName != null && !actorName.isBlank()) {
                return actorName;
            }
            if (actorKind == null) {
                return "";
            }
            return switch (actorKind) {
                case "RESIDENT" -> "住民";
                case "SYSTEM" -> "システム";
                case "STAFF" -> "職員";
                default -> actorKind;
            };
        }

        /** The kind of entry, as staff read it. */
        public String kind() {
            if (type == null) {
                return "";
            }
            return switch (type) {
                case "SUBMITTED" -> "受付";
                case "STATUS_CHANGED" -> "状態の変更";
                case "ASSIGNED" -> "担当";
                case "NOTE" -> "内部メモ";
                case "MESSAGE" -> "住民へのメッセージ";
                default -> type;
            };
        }

        /** What happened: the service's text, or for a status change without one, from → to (reason). */
        public String what() {
            if (text != null && !text.isBlank()) {
                return text;
            }
            if ("STATUS_CHANGED".equals(type)) {
                return statusLabel(from) + " → " + statusLabel(to) + (reason == null || reason.isBlank() ? "" : "：" + reason);
            }
            return "";
        }
    }

    public record Detail(String applicationId, String receiptNumber, String procedureId, int procedureVersion, String status,
                         String statusLabel, String channel, String residentId, String conversationId, Instant submittedAt,
                         Instant updatedAt, Instant closedAt, String assigneeId, String assigneeName, Map<String, String> answers,
                         List<String> attachments, List<HistoryEntry> history) {

        public Map<String, String> answers() {
            return answers == null ? Map.of() : answers;
        }

        public List<String> attachments() {
            return attachments == null ? List.of() : attachments;
        }

        public List<HistoryEntry> history() {
            return history == null ? List.of() : history;
        }

        public String submitted() {
            return when(submittedAt);
        }

        public String closed() {
            return when(closedAt);
        }

        public String channelName() {
            return channelLabel(channel);
        }

        public String statusName() {
            return statusLabel != null && !statusLabel.isBlank() ? statusLabel : ApplicationViews.statusLabel(status);
        }

        public boolean isClosed() {
            return "COMPLETED".equals(status) || "REJECTED".equals(status) || "WITHDRAWN".equals(status);
        }
    }
}
