package jp.madoguchi.conversation;

import java.util.Optional;
import jp.madoguchi.conversation.reservation.ReservationIntegrationEvents;
import jp.madoguchi.conversation.resident.ResidentMessages;
import jp.madoguchi.conversation.session.ConversationMessages;
import jp.madoguchi.platform.events.contracts.ConversationAbandoned;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ConversationStarted;
import jp.madoguchi.platform.events.contracts.ResidentAttributesChanged;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.messaging.IntegrationEventTranslator;
import org.springframework.stereotype.Component;

/** What conversation-service tells the rest of the platform, and in which published contract. */
@Component
class ConversationIntegrationEvents implements IntegrationEventTranslator {

    @Override
    public Optional<Record> translate(Object domainEvent) {
        if (domainEvent instanceof ResidentMessages.ResidentFollowed e) {
            return Optional.of(new ResidentFollowed(e.residentId(), e.channel(), e.channelUserId(), e.at()));
        }
        if (domainEvent instanceof ResidentMessages.ResidentUnfollowed e) {
            return Optional.of(new ResidentUnfollowed(e.residentId(), e.channel(), e.at()));
        }
        if (domainEvent instanceof ResidentMessages.ResidentAttributesConsented e) {
            return Optional.of(new ResidentAttributesChanged(e.residentId(), e.channel(), e.channelUserId(), e.current(), e.at()));
        }
        if (domainEvent instanceof ResidentMessages.ResidentAttributeWithdrawn e) {
            return Optional.of(new ResidentAttributesChanged(e.residentId(), e.channel(), e.channelUserId(), e.current(), e.at()));
        }
        if (domainEvent instanceof ConversationMessages.ConversationStarted e) {
            return Optional.of(new ConversationStarted(e.conversationId(), e.residentId(), e.procedureId(), e.procedureVersion(),
                    e.channel(), e.at()));
        }
        if (domainEvent instanceof ConversationMessages.ConversationCompleted e) {
            return Optional.of(new ConversationCompleted(e.conversationId(), e.residentId(), e.channel(), e.channelUserId(),
                    e.procedureId(), e.procedureVersion(), e.answers(), e.attachments(), e.at()));
        }
        if (domainEvent instanceof ConversationMessages.ConversationAbandoned e) {
            return Optional.of(new ConversationAbandoned(e.conversationId(), e.residentId(), e.procedureId(), e.procedureVersion(),
                    e.reason().name(), e.at(), e.stepId()));
        }
        Optional<Record> reservation = ReservationIntegrationEvents.translate(domainEvent);
        if (reservation.isPresent()) {
            return reservation;
        }
        // answers along the way, rejections, holds and waiting-list places stay inside conversation-service
        return Optional.empty();
    }
}
