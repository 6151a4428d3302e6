package jp.madoguchi.procedure.application;

import java.util.Optional;
import jp.madoguchi.platform.events.contracts.ApplicationMessagePosted;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.messaging.IntegrationEventTranslator;
import org.springframework.stereotype.Component;

/**
 * What procedure-service tells the rest of the platform, and in which published contract. The
 * service's one translator: other capabilities of procedure-service add their mappings here.
 */
@Component
class ApplicationIntegrationEvents implements IntegrationEventTranslator {

    @Override
    public Optional<Record> translate(Object domainEvent) {
        Optional<Record> definition = jp.madoguchi.procedure.definition.ProcedureDefinitionEvents.translate(domainEvent);
        if (definition.isPresent()) {
            return definition;
        }
        Optional<Record> catalogue = jp.madoguchi.procedure.catalogue.CatalogueEvents.translate(domainEvent);
        if (catalogue.isPresent()) {
            return catalogue;
        }
        if (domainEvent instanceof ApplicationMessages.ApplicationSubmitted e) {
            return Optional.of(new ApplicationSubmitted(e.applicationId(), e.receiptNumber(), e.procedureId(), e.procedureVersion(),
                    e.residentId(), e.channel(), e.answers(), e.submittedAt(), e.channelUserId()));
        }
        if (domainEvent instanceof ApplicationMessages.ApplicationStatusChanged e) {
            return Optional.of(new ApplicationStatusChanged(e.applicationId(), e.receiptNumber(), e.procedureId(), e.residentId(),
                    e.channel(), e.channelUserId(), e.from().name(), e.to().name(), e.reason() == null ? "" : e.reason(), e.at()));
        }
        if (domainEvent instanceof ApplicationMessages.MessageSentToResident e) {
            return Optional.of(new ApplicationMessagePosted(e.applicationId(), e.receiptNumber(), e.messageId(), e.procedureId(),
                    e.residentId(), e.channel(), e.channelUserId(), e.text(), e.at()));
        }
        return Optional.empty();
    }
}
