package jp.madoguchi.portal.settings;

import java.util.List;

/** A feature a town can switch on, with the name staff know it by (the keys are tenant-service's). */
public record Feature(String key, String label) {

    public static final List<Feature> ALL = List.of(
            new Feature("applications", "オンライン申請"),
            new Feature("broadcasts", "一斉配信"),
            new Feature("garbage-calendar", "ごみ収集日のお知らせ"),
            new Feature("shelters", "避難所の案内"),
            new Feature("school-lunch", "給食の献立"),
            new Feature("web-chat", "Webチャット"));
}
