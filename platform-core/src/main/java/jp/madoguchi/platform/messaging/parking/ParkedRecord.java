package jp.madoguchi.platform.messaging.parking;

/** What a consumer knows of a record it parks, for the store; any part may be null when unknown. */
public record ParkedRecord(String tenantId, String eventId, String eventType) {

    static final ParkedRecord UNKNOWN = new ParkedRecord(null, null, null);
}
