package jp.madoguchi.procedure.definition;

import jp.madoguchi.platform.tenancy.TenantId;

/**
 * A procedure within a town: a short slug chosen by staff (e.g. {@code water-start}). The aggregate
 * is named {@code <tenant>:<slug>}, so two towns may use the same slug.
 */
public record ProcedureId(TenantId tenant, String slug) {

    private static final String SLUG = "[a-z0-9][a-z0-9-]{1,47}";

    public ProcedureId {
        String problem = problemWith(slug);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code slug} cannot name a procedure, or null when it can. */
    public static String problemWith(String slug) {
        if (slug == null || !slug.matches(SLUG)) {
            return "procedure id must be 2 to 48 lower-case letters, digits or '-', starting with a letter or digit (e.g. water-start), got '"
                    + (slug == null ? "" : slug.replaceAll("[^0-9A-Za-z-]", "?")) + "'";
        }
        return null;
    }

    public String aggregateId() {
        return tenant.code() + ":" + slug;
    }

    @Override
    public String toString() {
        return aggregateId();
    }
}
