package jp.madoguchi.platform.messaging.parking;

import java.time.Instant;

/**
 * A parked record as the operator listing shows it: where it came from and why it failed, never its key (the
 * LINE inbox key names a resident), its value or its headers.
 */
record ParkedEvent(String id, String service, String consumer, String tenantId, String topic, int partition, long offset,
                          String eventId, String eventType, String errorClass, Instant parkedAt, Status status, Instant replayedAt) {

    public enum Status { PARKED, REPLAYED }
}
