package jp.madoguchi.platform.events;

import java.util.List;

/** One topic per publishing service, keyed by aggregate id; never a topic per tenant. */
public final class Topics {

    public static final String TENANT_EVENTS = "madoguchi.tenant.events";
    public static final String CONVERSATION_EVENTS = "madoguchi.conversation.events";
    public static final String PROCEDURE_EVENTS = "madoguchi.procedure.events";
    public static final String NOTIFICATION_EVENTS = "madoguchi.notification.events";

    public static final List<String> ALL = List.of(TENANT_EVENTS, CONVERSATION_EVENTS, PROCEDURE_EVENTS, NOTIFICATION_EVENTS);

    /** Kafka header names, so a consumer can route or skip without parsing the body. */
    public static final String HEADER_TENANT = "tenantId";
    public static final String HEADER_TYPE = "eventType";
    public static final String HEADER_EVENT_ID = "eventId";

    private Topics() {
    }
}
