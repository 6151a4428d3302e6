package jp.madoguchi.conversation;

import java.util.Optional;
import jp.madoguchi.conversation.resident.ResidentMessages;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.messaging.IntegrationEventTranslator;
import org.springframework.stereotype.Component;

/** What conversation-service tells the rest of the platform, and in which published contract. */
@Component
public class ConversationIntegrationEvents implements IntegrationEventTranslator {

    @Override
    public Optional<Record> translate(Object domainEvent) {
        if (domainEvent instanceof ResidentMessages.ResidentFollowed e) {
            return Optional.of(new ResidentFollowed(e.residentId(), e.channel(), e.channelUserId(), e.at()));
        }
        if (domainEvent instanceof ResidentMessages.ResidentUnfollowed e) {
            return Optional.of(new ResidentUnfollowed(e.residentId(), e.channel(), e.at()));
        }
        return Optional.empty();
    }
}
