package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages show the design, and stay that way: the math a learner reads depends on no presentation or notebook
 * code, the internal package on nothing of the library's, no source file grows past about 400 lines, and no line
 * past 120 columns.
 */
class LayoutTest {

    private static final Path MAIN = Path.of("src/main/java/org/softlookup");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?org\\.softlookup\\.(\\w+)\\.", Pattern.MULTILINE);

    private static final Pattern MATH_IMPORT =
            Pattern.compile("^import (?:static )?org\\.softlookup\\.[A-Z]", Pattern.MULTILINE);

    /** Which of the library's packages each package may import (a package may always use itself). */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "softlookup", List.of("internal"),
            "internal", List.of(),
            "view", List.of("internal"),
            "exercises", List.of("softlookup", "internal", "view"),
            "controls", List.of(),
            "notebook", List.of("internal", "view", "controls", "exercises"));

    @Test
    void packagesDependOnlyDownwardsWithoutCycles() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = MAIN.relativize(file).getNameCount() == 1
                    ? "softlookup"
                    : MAIN.relativize(file).getName(0).toString();
            assertTrue(ALLOWED.containsKey(pkg), "a new package needs a place in this test: " + file);
            String text = Files.readString(file);
            // the math classes are org.softlookup.Name: internal code, which the math uses, must not use them back
            if (pkg.equals("internal") && MATH_IMPORT.matcher(text).find()) {
                wrong.add(file + " imports the math package");
            }
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (!target.equals(pkg) && !ALLOWED.get(pkg).contains(target)) {
                    wrong.add(file + " imports org.softlookup." + target);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void noSourceFileIsOverAbout400Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            long lines = Files.readAllLines(file).size();
            if (lines > 420) {
                tooLong.add(file + ": " + lines + " lines");
            }
        }
        assertEquals(List.of(), tooLong, "split by idea, one file per idea");
    }

    /** The formatter wraps code at 120 columns but leaves comments alone: this holds them to it too. */
    @Test
    void noLineIsOver120Columns() throws IOException {
        List<String> wide = new ArrayList<>();
        for (Path root : List.of(MAIN, Path.of("src/test/java/org/softlookup"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).codePointCount(0, lines.get(i).length()) > 120) {
                            wide.add(file + ":" + (i + 1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wide);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> out = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertTrue(out.size() > 20, "found the sources: " + out.size());
            return out;
        }
    }
}
