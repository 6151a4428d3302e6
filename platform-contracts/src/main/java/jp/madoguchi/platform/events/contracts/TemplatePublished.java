package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.platform.events.EventContract;

/**
 * A town shared one of its published procedures in the national template catalogue, or shared a newer
 * version of it. Carries only the definition (never applications, residents or channel data), so any
 * town may read it. The envelope's tenantId is the source town.
 *
 * @param templateId     {@code <sourceTenantId>:<procedureId>}
 * @param version        the source procedure's published version this template version is (1, 2, …)
 * @param procedureId    the source town's procedure id
 * @param tags           search tags chosen by the source town (may be empty, never null)
 * @param sourceTownName the source town's name (e.g. 苫前町), or its code when unknown
 * @param flowJson       the {@link jp.madoguchi.platform.flow.FlowDefinition} as written by platform-core's {@code FlowJson}
 * @param feeItems       the fee table (empty when the procedure is free)
 */
@EventContract(type = "TemplatePublished", version = 1)
public record TemplatePublished(String templateId, int version, String procedureId, String title, String description,
                                List<String> tags, String sourceTenantId, String sourceTownName, String flowJson,
                                List<ProcedurePublished.FeeItem> feeItems, Instant publishedAt) {

    public TemplatePublished {
        tags = tags == null ? List.of() : List.copyOf(tags);
        feeItems = feeItems == null ? List.of() : List.copyOf(feeItems);
    }
}
