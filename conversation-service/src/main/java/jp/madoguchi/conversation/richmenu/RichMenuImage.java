package jp.madoguchi.conversation.richmenu;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws a rich menu image (PNG) with Java2D: one cell per area, its label centred. */
final class RichMenuImage {

    private static final Color BACKGROUND = new Color(0xF4, 0xF8, 0xFB);
    private static final Color LINE = new Color(0x1F, 0x5F, 0x8B);
    private static final Color TEXT = new Color(0x16, 0x2A, 0x3A);
    /** Fonts with Japanese glyphs, in order of preference; Java's logical "SansSerif" otherwise. */
    private static final List<String> FONTS = List.of("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoPGothic");

    private RichMenuImage() {
    }

    static byte[] png(RichMenuLayout layout, List<String> labels) {
        BufferedImage image = new BufferedImage(RichMenuLayout.WIDTH, layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, RichMenuLayout.WIDTH, layout.height());
            g.setFont(new Font(fontFamily(), Font.BOLD, 96));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < labels.size(); i++) {
                int[] b = layout.bounds(i);
                g.setColor(LINE);
                g.setStroke(new BasicStroke(8));
                g.drawRect(b[0] + 4, b[1] + 4, b[2] - 8, b[3] - 8);
                g.setColor(TEXT);
                String label = labels.get(i);
                int width = metrics.stringWidth(label);
                Font font = g.getFont();
                if (width > b[2] - 60) {
                    // long labels: smaller type, so the whole label stays inside its cell
                    g.setFont(font.deriveFont(font.getSize2D() * (b[2] - 60) / width));
                }
                FontMetrics m = g.getFontMetrics();
                g.drawString(label, b[0] + (b[2] - m.stringWidth(label)) / 2, b[1] + (b[3] - m.getHeight()) / 2 + m.getAscent());
                g.setFont(font);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String fontFamily() {
        List<String> installed = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        return FONTS.stream().filter(installed::contains).findFirst().orElse(Font.SANS_SERIF);
    }
}
