package jp.madoguchi.procedure.application;

/**
 * Who did something to an application, as the history shows it: a staff member (from their token),
 * the resident, or the platform itself (the submission that arrives from a conversation).
 */
record Actor(Kind kind, String id, String name) {

    public enum Kind { STAFF, RESIDENT, SYSTEM }

    public static Actor staff(String id, String name) {
        return new Actor(Kind.STAFF, id, name);
    }

    public static Actor resident(String residentId) {
        return new Actor(Kind.RESIDENT, residentId, "住民");
    }

    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "madoguchi", "窓口（自動受付）");
}
