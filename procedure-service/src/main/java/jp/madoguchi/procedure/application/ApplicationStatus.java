package jp.madoguchi.procedure.application;

/** Where an application stands; staff see the Japanese label, the wire carries the name. */
enum ApplicationStatus {
    RECEIVED("受付"),
    IN_PROGRESS("処理中"),
    COMPLETED("完了"),
    REJECTED("却下"),
    WITHDRAWN("取下げ");

    private final String label;

    ApplicationStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isClosed() {
        return this == COMPLETED || this == REJECTED || this == WITHDRAWN;
    }

    /** The status named {@code name} (case-insensitive), or null when there is none. */
    public static ApplicationStatus parse(String name) {
        if (name == null) {
            return null;
        }
        for (ApplicationStatus s : values()) {
            if (s.name().equalsIgnoreCase(name.strip())) {
                return s;
            }
        }
        return null;
    }
}
