package jp.madoguchi.conversation.reservation;

import java.util.List;

/** A resource definition staff must correct; each problem says what to change, in Japanese (HTTP 400). */
class ReservationRuleViolation extends IllegalArgumentException {

    private final List<String> problems;

    public ReservationRuleViolation(List<String> problems) {
        super(String.join(" ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
