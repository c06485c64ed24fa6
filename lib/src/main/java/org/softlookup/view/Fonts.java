package org.softlookup.view;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;

/**
 * DejaVu Sans, so text has the same metrics on every machine that has it: looked up by name, then in the
 * usual font folders; if neither works, Java's logical SansSerif (the picture then differs by machine).
 * A holder class, so fonts load on first use, after the library's set-up made AWT headless.
 */
final class Fonts {

    static final String FAMILY = family();
    static final Font TITLE = new Font(FAMILY, Font.BOLD, 15);
    static final Font AXIS_TITLE = new Font(FAMILY, Font.PLAIN, 13);
    static final Font TICK = new Font(FAMILY, Font.PLAIN, 12);
    static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 12);
    static final Font VALUE = new Font(FAMILY, Font.PLAIN, 12);

    private Fonts() {}

    private static String family() {
        GraphicsEnvironment env = GraphicsEnvironment.getLocalGraphicsEnvironment();
        if (Arrays.asList(env.getAvailableFontFamilyNames(Locale.ROOT)).contains("DejaVu Sans")) {
            return "DejaVu Sans";
        }
        String[] places = {
            "/usr/share/fonts/truetype/dejavu/",
            "/usr/share/fonts/TTF/",
            "/usr/share/fonts/dejavu/",
            "/usr/share/fonts/dejavu-sans-fonts/",
            "/usr/local/share/fonts/",
            "/Library/Fonts/",
            System.getProperty("user.home") + "/Library/Fonts/",
            "C:\\Windows\\Fonts\\"
        };
        String found = null;
        for (String place : places) {
            for (String file : new String[] {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}) {
                try {
                    File f = new File(place, file);
                    if (f.isFile()) {
                        Font font = Font.createFont(Font.TRUETYPE_FONT, f);
                        env.registerFont(font);
                        found = font.getFamily(Locale.ROOT);
                    }
                } catch (Exception e) {
                    // an unreadable font file is not worth failing a chart for; try the next place
                }
            }
            if (found != null) {
                return found;
            }
        }
        return Font.SANS_SERIF;
    }
}
