package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/**
 * A town took a catalogue template as a draft of its own procedure: first as an import, later again
 * when it took a newer version ({@code update} true). The envelope's tenantId is the importing town.
 *
 * @param templateId        {@code <sourceTenantId>:<procedureId>} of the template
 * @param version           the template version taken
 * @param sourceTenantId    the town that shared the template
 * @param importingTenantId the town that took it (same as the envelope's tenantId)
 * @param procedureId       the importing town's procedure the draft belongs to
 * @param update            false for the first import, true for taking a newer version
 */
@EventContract(type = "TemplateImported", version = 1)
public record TemplateImported(String templateId, int version, String sourceTenantId, String importingTenantId,
                               String procedureId, boolean update, Instant importedAt) {
}
