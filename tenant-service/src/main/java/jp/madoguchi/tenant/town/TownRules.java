package jp.madoguchi.tenant.town;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.madoguchi.tenant.town.TownMessages.ConfigureLineChannel;
import jp.madoguchi.tenant.town.TownMessages.District;
import jp.madoguchi.tenant.town.TownMessages.OnboardTown;
import jp.madoguchi.tenant.town.TownMessages.SetDistricts;
import jp.madoguchi.tenant.town.TownMessages.SetFeatures;
import jp.madoguchi.tenant.town.TownMessages.SuspendTown;
import jp.madoguchi.tenant.town.TownMessages.SetKpiTargets;

/** What makes an onboarding or a year's targets acceptable; plain decisions the aggregate calls. */
public final class TownRules {

    public static final int FIRST_FISCAL_YEAR = 2000;
    public static final int LAST_FISCAL_YEAR = 2100;
    public static final double MIN_SATISFACTION = 1.0;
    public static final double MAX_SATISFACTION = 5.0;

    /** What a town can switch on; a new feature is added here before any service offers it. */
    public static final Set<String> FEATURES = new LinkedHashSet<>(List.of(
            "applications", "broadcasts", "garbage-calendar", "shelters", "school-lunch", "web-chat"));
    public static final int MAX_DISTRICTS = 500;
    public static final int MAX_DISTRICT_CODE_LENGTH = 20;
    public static final int MAX_DISTRICT_NAME_LENGTH = 50;
    public static final int MAX_REASON_LENGTH = 500;

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

    /** A LINE channel id is the number the LINE Developers console shows (10 digits today). */
    public static List<String> problemsOf(ConfigureLineChannel command) {
        List<String> problems = new ArrayList<>();
        if (isBlank(command.channelId()) || !command.channelId().strip().matches("[0-9]{1,20}")) {
            problems.add("channelId must be the channel's number from the LINE Developers console (digits only), got '"
                    + (command.channelId() == null ? "" : command.channelId()) + "'");
        }
        if (isBlank(command.sealedChannelSecret())) {
            problems.add("channelSecret is required (LINE Developers console → the channel → Basic settings)");
        }
        if (isBlank(command.sealedAccessToken())) {
            problems.add("channelAccessToken is required (LINE Developers console → the channel → Messaging API → long-lived token)");
        }
        return problems;
    }

    public static List<String> problemsOf(SetDistricts command) {
        List<String> problems = new ArrayList<>();
        if (command.districts() == null) {
            problems.add("districts is required (a list of {code, name}; an empty list removes every district)");
            return problems;
        }
        if (command.districts().size() > MAX_DISTRICTS) {
            problems.add("at most " + MAX_DISTRICTS + " districts, got " + command.districts().size());
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < command.districts().size(); i++) {
            District d = command.districts().get(i);
            String where = "district " + (i + 1);
            if (d == null || isBlank(d.code())) {
                problems.add(where + ": code is required (e.g. 01)");
            } else if (d.code().strip().length() > MAX_DISTRICT_CODE_LENGTH) {
                problems.add(where + ": code must be at most " + MAX_DISTRICT_CODE_LENGTH + " characters");
            } else if (!codes.add(d.code().strip())) {
                problems.add(where + ": code '" + d.code().strip() + "' is used twice; each district needs its own code");
            }
            if (d == null || isBlank(d.name())) {
                problems.add(where + ": name is required (e.g. 古丹別)");
            } else if (d.name().strip().length() > MAX_DISTRICT_NAME_LENGTH) {
                problems.add(where + ": name must be at most " + MAX_DISTRICT_NAME_LENGTH + " characters");
            }
        }
        return problems;
    }

    public static List<String> problemsOf(SetFeatures command) {
        List<String> problems = new ArrayList<>();
        if (command.features() == null) {
            problems.add("features is required (a list; an empty list switches every feature off)");
            return problems;
        }
        for (String feature : command.features()) {
            if (feature == null || !FEATURES.contains(feature.strip())) {
                problems.add("unknown feature '" + feature + "'; known features are " + String.join(", ", FEATURES));
            }
        }
        return problems;
    }

    public static List<String> problemsOf(SuspendTown command) {
        List<String> problems = new ArrayList<>();
        if (isBlank(command.reason())) {
            problems.add("reason is required (shown to the town's staff, e.g. 契約終了)");
        } else if (command.reason().strip().length() > MAX_REASON_LENGTH) {
            problems.add("reason must be at most " + MAX_REASON_LENGTH + " characters");
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
