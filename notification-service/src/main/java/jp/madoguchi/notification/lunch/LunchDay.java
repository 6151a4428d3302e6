package jp.madoguchi.notification.lunch;

import java.time.LocalDate;
import java.util.List;

/**
 * One day's school lunch, as the town's menu file gives it.
 *
 * @param school      the school or kitchen it is for, or {@code ""} in a town with one menu for all
 * @param dishes      the dishes in the order served
 * @param ingredients the main ingredients as written, or {@code ""}
 * @param kcal        the energy, or null when not given
 * @param allergens   the allergens it contains (empty when none are listed)
 */
record LunchDay(LocalDate date, String school, List<String> dishes, String ingredients, Integer kcal, List<String> allergens) {

    LunchDay {
        dishes = List.copyOf(dishes);
        allergens = List.copyOf(allergens);
    }
}
