package jp.madoguchi.deploy;

/**
 * A resident answering a procedure one question at a time, on one channel (LINE through signed
 * webhooks, or the web chat's JSON calls). Choices are picked by their label from what the resident
 * was last shown, so a script reads like what a person taps.
 */
interface ChatResident {

    /** LINE or WEB. */
    String channel();

    /** The platform's resident id, e.g. {@code 014834:LINE:U…} or {@code 014834:WEB:<cookie>}. */
    String residentId();

    void start(String procedureId);

    /** Taps the option (quick reply, button) with this label among what was last shown. */
    void choose(String label);

    /** Taps the first option offered, whatever its label: the soonest free day, the earliest free time. */
    void chooseFirstOffered();

    void type(String text);

    /** Picks the earliest date the question allows (the date picker's {@code min}). */
    void earliestDate();

    void photo();

    void location(double latitude, double longitude, String address);

    /** Taps the summary's confirm button. */
    void confirm();

    /** Everything the resident read after the last action, for assertions and failure messages. */
    String lastSaid();
}
