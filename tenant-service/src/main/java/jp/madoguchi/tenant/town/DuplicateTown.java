package jp.madoguchi.tenant.town;

import org.axonframework.modelling.command.AggregateStreamCreationException;

/**
 * Recognises a second onboarding of the same town. The event store refuses to start a stream that
 * exists; on JDBC that arrives as a plain EventStoreException whose message says "Cannot reuse
 * aggregate identifier", so the message is what tells it apart from a store outage.
 */
public final class DuplicateTown {

    static final String MARKER = "Cannot reuse aggregate identifier";

    private DuplicateTown() {
    }

    public static boolean isDuplicateCreate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AggregateStreamCreationException) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains(MARKER)) {
                return true;
            }
        }
        return false;
    }
}
