package jp.madoguchi.procedure.catalogue;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.madoguchi.procedure.catalogue.TemplateMessages.ImportTemplate;
import jp.madoguchi.procedure.catalogue.TemplateMessages.ShareTemplate;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TakeTemplateUpdate;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateImported;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateShared;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateUpdateTaken;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One procedure a town shares with every town in the national catalogue, named
 * {@code <sourceTenantId>:<procedureId>}. Each version is a published version of the source procedure
 * and never changes; sharing again needs a newer published version. Other towns import a version as a
 * draft of their own and later take newer versions; the template remembers which version each
 * importing procedure took, so "更新あり" and taking an update follow the same rules everywhere.
 */
@Aggregate
class Template {

    static final int MAX_DESCRIPTION_LENGTH = 400;
    static final int MAX_TAGS = 10;
    static final int MAX_TAG_LENGTH = 20;

    @AggregateIdentifier
    private String aggregateId;
    private String templateId;
    private String sourceTenantId;
    private int latestVersion;
    private final Set<Integer> versions = new TreeSet<>();
    /** {@code <importingTenantId>:<procedureId>} → the template version that procedure's draft came from. */
    private final Map<String, Integer> imports = new HashMap<>();

    protected Template() {
        // for Axon
    }

    /** @return the template version now in the catalogue */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(ShareTemplate command) {
        if (command.sourceTenantId() == null || command.procedureId() == null
                || !command.templateId().equals(TemplateMessages.templateId(command.sourceTenantId(), command.procedureId()))) {
            throw new TemplateRuleViolation("template " + command.templateId() + " must be named <sourceTenantId>:<procedureId>");
        }
        if (command.definition() == null || command.definition().title() == null || command.definition().steps().isEmpty()) {
            throw new TemplateRuleViolation("only a published procedure with a title and steps can be shared");
        }
        if (command.procedureVersion() < 1) {
            throw new TemplateRuleViolation("procedure " + command.procedureId() + " has no published version; publish it before sharing");
        }
        String description = command.description() == null ? "" : command.description().strip();
        if (description.isEmpty()) {
            throw new TemplateRuleViolation("description is required: tell other towns what the procedure is for and how it is used");
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new TemplateRuleViolation("description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        List<String> tags = normalisedTags(command.tags());
        if (command.procedureVersion() <= latestVersion) {
            throw new TemplateStateConflict("version " + latestVersion + " of procedure " + command.procedureId()
                    + " is already in the catalogue; publish a new version of the procedure, then share again");
        }
        apply(new TemplateShared(command.templateId(), command.procedureVersion(), command.sourceTenantId(),
                command.sourceTownName() == null || command.sourceTownName().isBlank() ? command.sourceTenantId() : command.sourceTownName(),
                command.procedureId(), description, tags, command.definition().withProcedureId(command.procedureId()), command.at()));
        return command.procedureVersion();
    }

    @CommandHandler
    public void handle(ImportTemplate command) {
        if (sourceTenantId.equals(command.importingTenantId())) {
            throw new TemplateRuleViolation("template " + templateId + " is your own town's procedure; edit it in your procedures instead");
        }
        if (!versions.contains(command.version())) {
            throw new TemplateStateConflict("template " + templateId + " has no version " + command.version() + "; versions are " + versions);
        }
        if (imports.containsKey(importKey(command.importingTenantId(), command.procedureId()))) {
            throw new TemplateStateConflict("procedure " + command.procedureId() + " was already imported from template " + templateId
                    + "; take the newer version with take-update instead");
        }
        apply(new TemplateImported(templateId, command.version(), sourceTenantId, command.importingTenantId(), command.procedureId(),
                command.at()));
    }

    @CommandHandler
    public void handle(TakeTemplateUpdate command) {
        Integer taken = imports.get(importKey(command.importingTenantId(), command.procedureId()));
        if (taken == null) {
            throw new TemplateStateConflict("procedure " + command.procedureId() + " was not imported from template " + templateId
                    + "; import the template first");
        }
        if (!versions.contains(command.version()) || command.version() <= taken) {
            throw new TemplateStateConflict("procedure " + command.procedureId() + " already has version " + taken + " of template "
                    + templateId + "; the latest is " + latestVersion + ", so there is no newer version to take");
        }
        apply(new TemplateUpdateTaken(templateId, taken, command.version(), sourceTenantId, command.importingTenantId(),
                command.procedureId(), command.at()));
    }

    @EventSourcingHandler
    void on(TemplateShared event) {
        aggregateId = TemplateMessages.aggregateId(event.templateId());
        templateId = event.templateId();
        sourceTenantId = event.sourceTenantId();
        latestVersion = event.version();
        versions.add(event.version());
    }

    @EventSourcingHandler
    void on(TemplateImported event) {
        imports.put(importKey(event.importingTenantId(), event.procedureId()), event.version());
    }

    @EventSourcingHandler
    void on(TemplateUpdateTaken event) {
        imports.put(importKey(event.importingTenantId(), event.procedureId()), event.version());
    }

    /** Tags as searched: NFKC, trimmed, without duplicates, in the order given. */
    static List<String> normalisedTags(List<String> tags) {
        Set<String> result = new LinkedHashSet<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            String t = tag == null ? "" : Normalizer.normalize(tag, Normalizer.Form.NFKC).strip();
            if (t.isEmpty()) {
                throw new TemplateRuleViolation("a tag must not be empty");
            }
            if (t.length() > MAX_TAG_LENGTH) {
                throw new TemplateRuleViolation("tag '" + t + "' is longer than " + MAX_TAG_LENGTH + " characters");
            }
            result.add(t);
        }
        if (result.size() > MAX_TAGS) {
            throw new TemplateRuleViolation("at most " + MAX_TAGS + " tags, got " + result.size());
        }
        return new ArrayList<>(result);
    }

    private static String importKey(String tenantId, String procedureId) {
        return tenantId + ":" + procedureId;
    }
}
