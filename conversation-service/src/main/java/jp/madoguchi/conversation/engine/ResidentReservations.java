package jp.madoguchi.conversation.engine;

/** Gives the engine the town's reservation desk acting for one resident (who holds and books). */
@FunctionalInterface
public interface ResidentReservations {

    Reservations of(String tenantCode, String residentId, String channel, String channelUserId);
}
