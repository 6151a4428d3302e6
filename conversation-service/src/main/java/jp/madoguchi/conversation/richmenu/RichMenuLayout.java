package jp.madoguchi.conversation.richmenu;

/**
 * The grid of a rich menu: up to 3 areas side by side in one row (2500×843), 4 to 6 in two rows of
 * three (2500×1686), filled left to right, top to bottom.
 */
record RichMenuLayout(int areas) {

    static final int WIDTH = 2500;
    static final int ROW = 843;
    static final int MIN_AREAS = 2;
    static final int MAX_AREAS = 6;

    RichMenuLayout {
        if (areas < MIN_AREAS || areas > MAX_AREAS) {
            throw new IllegalArgumentException("a rich menu has 2 to 6 areas");
        }
    }

    int rows() {
        return areas <= 3 ? 1 : 2;
    }

    int columns() {
        return areas <= 3 ? areas : 3;
    }

    int height() {
        return rows() * ROW;
    }

    /** x, y, width, height of area {@code i}; the last column takes the pixels left over. */
    int[] bounds(int i) {
        int column = i % columns();
        int row = i / columns();
        int cellWidth = WIDTH / columns();
        int x = column * cellWidth;
        int width = column == columns() - 1 ? WIDTH - x : cellWidth;
        return new int[] {x, row * ROW, width, ROW};
    }
}
