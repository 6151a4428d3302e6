package jp.madoguchi.conversation.shelter;

/**
 * The eight hazards a 指定緊急避難場所 is designated for (災害対策基本法 施行令), named as both national formats
 * name their columns: GSI's CSV uses {@link #column()}, the 自治体標準オープンデータセット {@code 災害種別_} + column.
 */
enum Hazard {
    FLOOD("洪水"),
    LANDSLIDE("崖崩れ、土石流及び地滑り"),
    STORM_SURGE("高潮"),
    EARTHQUAKE("地震"),
    TSUNAMI("津波"),
    FIRE("大規模な火事"),
    INLAND_FLOOD("内水氾濫"),
    VOLCANO("火山現象");

    private final String column;

    Hazard(String column) {
        this.column = column;
    }

    String column() {
        return column;
    }
}
