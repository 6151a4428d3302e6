package jp.madoguchi.tenant.identity;

/** A staff command that the member's current state refuses (used or expired invitation, disabled account). */
class StaffStateConflict extends IllegalStateException {

    public StaffStateConflict(String message) {
        super(message);
    }
}
