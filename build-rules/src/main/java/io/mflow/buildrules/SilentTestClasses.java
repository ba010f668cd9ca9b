package io.mflow.buildrules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The test classes of a Maven build that Surefire and Failsafe would pass over without a word. Both pick classes by
 * name alone, so a class of JUnit Jupiter or jqwik tests named otherwise compiles, and never runs: no failure, no
 * skipped test, nothing in the report ({@code NextRunProperties} did that until it was renamed).
 *
 * <p>A test class is a top-level type in a module's {@code src/test/java} with a test method in it or in a type
 * nested in it. It runs if its name matches a default pattern of Surefire ({@code Test*}, {@code *Test},
 * {@code *Tests}, {@code *TestCase}; not {@code *IT}, which the root pom leaves to Failsafe) or of Failsafe
 * ({@code IT*}, {@code *IT}, {@code *ITCase}) in a module whose pom runs Failsafe: Failsafe is only configured in
 * pluginManagement, and runs only where a module names it among its plugins. An abstract class with test methods is
 * held to the same names, though only the classes extending it run: the rule then needs no exception. The modules
 * are read from the {@code <modules>} of the root pom and of every aggregator below it.
 *
 * <p>The sources are read, not the compiled classes: the rule can then run before any other module is built.
 */
public final class SilentTestClasses {

    /** A test class neither plugin would run, and why. */
    public record Silent(Path file, String className, String why) {

        @Override
        public String toString() {
            return file + ": " + className + " " + why;
        }
    }

    /** Every test class found, and the ones of them that would not run. */
    public record Scan(List<Path> testClassFiles, List<Silent> silent) {
    }

    /**
     * The annotations that make a method a test for JUnit Jupiter and jqwik, simple or qualified; followed by
     * anything but a name character, so {@code @TestInstance} or {@code @PropertyDefaults} are not among them.
     */
    private static final Pattern TEST_METHOD = Pattern.compile(
            "@\\s*(?:[\\w$]+\\s*\\.\\s*)*(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property"
                    + "|Example)(?![\\w$])");
    /** The name of a type in its declaration; not {@code Foo.class} in an annotation before it. */
    private static final Pattern DECLARATION = Pattern.compile(
            "(?<![\\w$.])(?:class|interface|enum|record)\\s+([A-Za-z_$][\\w$]*)");
    private static final String FAILSAFE = "maven-failsafe-plugin";

    private SilentTestClasses() {
    }

    /** The test classes under every module of the build whose root pom is in {@code root}. */
    public static Scan in(Path root) {
        List<Path> testClassFiles = new ArrayList<>();
        List<Silent> silent = new ArrayList<>();
        scanModule(root, root, false, testClassFiles, silent);
        return new Scan(List.copyOf(testClassFiles), List.copyOf(silent));
    }

    private static void scanModule(Path root, Path module, boolean failsafeInherited, List<Path> testClassFiles,
            List<Silent> silent) {
        Element pom = pom(module.resolve("pom.xml"));
        boolean failsafe = failsafeInherited || runsFailsafe(pom);
        Path tests = module.resolve("src/test/java");
        if (Files.isDirectory(tests)) {
            for (Path file : javaFiles(tests)) {
                Path shown = root.relativize(file);
                List<String> classes = testClasses(read(file));
                if (!classes.isEmpty()) {
                    testClassFiles.add(shown);
                }
                for (String name : classes) {
                    boolean surefireRuns = surefireRuns(name);
                    boolean failsafeRuns = failsafeMatches(name) && failsafe;
                    if (!surefireRuns && !failsafeRuns) {
                        silent.add(new Silent(shown, name, failsafeMatches(name)
                                ? "is named for Failsafe, which " + root.relativize(module.resolve("pom.xml"))
                                        + " does not run (add " + FAILSAFE + " to its build plugins)"
                                : "has test methods but matches no pattern Surefire (Test*, *Test, *Tests, *TestCase)"
                                        + " or Failsafe (IT*, *IT, *ITCase) runs"));
                    }
                }
            }
        }
        for (String child : children(pom, "modules", "module")) {
            scanModule(root, module.resolve(child).normalize(), failsafe, testClassFiles, silent);
        }
    }

    static boolean surefireRuns(String name) {
        boolean matches = name.startsWith("Test") || name.endsWith("Test") || name.endsWith("Tests")
                || name.endsWith("TestCase");
        return matches && !name.endsWith("IT"); // the root pom's Surefire excludes **/*IT.java
    }

    static boolean failsafeMatches(String name) {
        return name.startsWith("IT") || name.endsWith("IT") || name.endsWith("ITCase");
    }

    /** The top-level types of a source file that hold a test method, themselves or in a nested type. */
    static List<String> testClasses(String source) {
        String code = withoutCommentsAndLiterals(source);
        List<String> found = new ArrayList<>();
        int headerStart = 0;
        int i = 0;
        while (i < code.length()) {
            if (code.charAt(i) != '{') {
                i++;
                continue;
            }
            int bodyEnd = closingBrace(code, i);
            Matcher declaration = DECLARATION.matcher(code.substring(headerStart, i));
            if (declaration.find() && TEST_METHOD.matcher(code.substring(i, bodyEnd)).find()) {
                found.add(declaration.group(1));
            }
            headerStart = bodyEnd;
            i = bodyEnd;
        }
        return found;
    }

    private static int closingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return code.length();
    }

    /**
     * The source with comments, strings, text blocks and characters blanked, so that an annotation named in a
     * Javadoc or a string (a fixture of this rule's own test, say) is not taken for one, and a brace in a string
     * does not end a type.
     */
    static String withoutCommentsAndLiterals(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                code.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                i = afterClosing(source, i + 3, "\"\"\"");
                code.append("\"\"");
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                i = afterClosing(source, i + 1, String.valueOf(source.charAt(i)));
                code.append("\"\"");
            } else {
                code.append(source.charAt(i));
                i++;
            }
        }
        return code.toString();
    }

    private static int afterClosing(String source, int from, String quote) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(quote, i)) {
                return i + quote.length();
            } else {
                i++;
            }
        }
        return source.length();
    }

    private static boolean runsFailsafe(Element pom) {
        Element build = child(pom, "build");
        return build != null && children(build, "plugins", "artifactId").contains(FAILSAFE);
    }

    private static Element pom(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no pom.xml at " + file);
        }
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The text of each {@code <name>} in {@code <list>} under {@code parent}, or in each element of that list. */
    private static List<String> children(Element parent, String list, String name) {
        Element container = child(parent, list);
        List<String> texts = new ArrayList<>();
        if (container == null) {
            return texts;
        }
        for (Node node = container.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                Element value = element.getTagName().equals(name) ? element : child(element, name);
                if (value != null) {
                    texts.add(value.getTextContent().trim());
                }
            }
        }
        return texts;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
