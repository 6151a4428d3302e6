package jp.madoguchi.tenant.town;

import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.tenant.town.TownMessages.OnboardTown;
import jp.madoguchi.tenant.town.TownMessages.SetKpiTargets;

/** What makes an onboarding or a year's targets acceptable; plain decisions the aggregate calls. */
public final class TownRules {

    public static final int FIRST_FISCAL_YEAR = 2000;
    public static final int LAST_FISCAL_YEAR = 2100;
    public static final double MIN_SATISFACTION = 1.0;
    public static final double MAX_SATISFACTION = 5.0;

    private TownRules() {
    }

    /** Each broken rule of an onboarding, as a message staff can act on; empty when it is fine. */
    public static List<String> problemsOf(OnboardTown command) {
        List<String> problems = new ArrayList<>();
        if (isBlank(command.name())) {
            problems.add("name is required (the town's name, e.g. 苫前町)");
        }
        if (isBlank(command.nameKana())) {
            problems.add("nameKana is required (the town's name in kana, e.g. とままえちょう)");
        }
        if (isBlank(command.prefecture())) {
            problems.add("prefecture is required (e.g. 北海道)");
        }
        if (command.population() < 0) {
            problems.add("population must be 0 or more, got " + command.population());
        }
        return problems;
    }

    /** Each broken rule of a year's targets, as a message staff can act on; empty when they are fine. */
    public static List<String> problemsOf(SetKpiTargets command) {
        List<String> problems = new ArrayList<>();
        if (command.fiscalYear() < FIRST_FISCAL_YEAR || command.fiscalYear() > LAST_FISCAL_YEAR) {
            problems.add("fiscal year must be between " + FIRST_FISCAL_YEAR + " and " + LAST_FISCAL_YEAR + ", got " + command.fiscalYear());
        }
        requireCount(problems, "friends", command.friends());
        requireCount(problems, "broadcasts", command.broadcasts());
        requireCount(problems, "applications", command.applications());
        // NaN fails both comparisons, so it is caught here too.
        if (!(command.satisfaction() >= MIN_SATISFACTION && command.satisfaction() <= MAX_SATISFACTION)) {
            problems.add("satisfaction target must be between " + MIN_SATISFACTION + " and " + MAX_SATISFACTION
                    + " (the mean of 5-point answers), got " + command.satisfaction());
        }
        return problems;
    }

    private static void requireCount(List<String> problems, String field, long value) {
        if (value < 0) {
            problems.add(field + " target must be 0 or more, got " + value);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
