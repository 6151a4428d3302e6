package jp.madoguchi.conversation.session;

import java.util.Optional;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.tenancy.TenantId;

/** The published flows a conversation can be pinned to; a version, once published, never changes. */
public interface FlowSource {

    Optional<FlowDefinition> flow(TenantId tenant, String procedureId, int version);
}
