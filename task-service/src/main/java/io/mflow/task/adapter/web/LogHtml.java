package io.mflow.task.adapter.web;

import java.util.ArrayList;
import java.util.List;

/**
 * A line of a job's output as the log page shows it: its number, then its text with the colours and weights its ANSI
 * SGR codes ({@code ESC [ ... m}) ask for as the classes of mflow.css ({@code a-fg-N}, {@code a-bg-N}, {@code a-bold},
 * {@code a-italic}, {@code a-underline}), and everything else as text: the output is whatever a job printed, so every
 * character that means something to HTML is escaped, and every other escape sequence or control character is dropped.
 * 256-colour codes map to the eight colours where they name one of them (0 to 15) and are otherwise left out, as are
 * RGB codes: the palette is the page's, so the text stays readable on it.
 */
public final class LogHtml {

    private static final char ESC = '\u001b';

    private LogHtml() {
    }

    /** The line numbered {@code number} (from 1) as one {@code <span class="l">} of the log element. */
    public static String line(long number, String text) {
        return "<span class=\"l\"><span class=\"n\">" + number + "</span>" + text(text) + "</span>";
    }

    /** {@code text} as HTML, its SGR codes as spans; the styles of one line end with it. */
    public static String text(String text) {
        StringBuilder html = new StringBuilder(text.length() + 16);
        Style style = Style.PLAIN;
        boolean open = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ESC) {
                int end = endOfEscape(text, i);
                if (end > i + 2 && text.charAt(i + 1) == '[' && text.charAt(end - 1) == 'm') {
                    Style next = style.after(text.substring(i + 2, end - 1));
                    if (!next.equals(style) && open) {
                        html.append("</span>");
                        open = false;
                    }
                    style = next;
                }
                i = end;
                continue;
            }
            if (c < ' ' && c != '\t') {
                i++; // a carriage return, a bell, a backspace: nothing a page can show
                continue;
            }
            if (!open && !style.equals(Style.PLAIN)) {
                html.append("<span class=\"").append(style.classes()).append("\">");
                open = true;
            }
            escape(c, html);
            i++;
        }
        if (open) {
            html.append("</span>");
        }
        return html.toString();
    }

    /**
     * Where the escape sequence at {@code at} ends (exclusive): a CSI ({@code ESC [}) at its final byte, another
     * after its intermediate bytes and its final one ({@code ESC ( B}).
     */
    private static int endOfEscape(String text, int at) {
        if (at + 1 >= text.length()) {
            return text.length();
        }
        if (text.charAt(at + 1) != '[') {
            int i = at + 1;
            while (i < text.length() && text.charAt(i) >= ' ' && text.charAt(i) <= '/') {
                i++;
            }
            return Math.min(i + 1, text.length());
        }
        int i = at + 2;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c >= '@' && c <= '~') {
                return i;
            }
        }
        return text.length();
    }

    private static void escape(char c, StringBuilder html) {
        switch (c) {
            case '&' -> html.append("&amp;");
            case '<' -> html.append("&lt;");
            case '>' -> html.append("&gt;");
            case '"' -> html.append("&quot;");
            case '\'' -> html.append("&#39;");
            default -> html.append(c);
        }
    }

    /** What the SGR codes so far ask for; -1: the terminal's default colour. */
    record Style(int fg, int bg, boolean bold, boolean italic, boolean underline) {

        static final Style PLAIN = new Style(-1, -1, false, false, false);

        /** The style after the SGR parameters {@code params} ("1;31", "" for a reset). */
        Style after(String params) {
            String[] codes = params.isEmpty() ? new String[] {"0"} : params.split("[;:]", -1);
            Style next = this;
            for (int i = 0; i < codes.length; i++) {
                int code = number(codes[i]);
                if (code == 38 || code == 48) {
                    // 38;5;n (256 colours) or 38;2;r;g;b (RGB): their arguments are no codes of their own
                    int colour = i + 2 < codes.length && number(codes[i + 1]) == 5 ? eightOf(number(codes[i + 2]))
                            : -1;
                    i += i + 1 < codes.length && number(codes[i + 1]) == 2 ? 4 : 2;
                    if (colour >= 0) {
                        next = code == 38 ? next.withFg(colour) : next.withBg(colour);
                    }
                    continue;
                }
                next = next.with(code);
            }
            return next;
        }

        private Style with(int code) {
            if (code == 0) {
                return PLAIN;
            } else if (code == 1) {
                return new Style(fg, bg, true, italic, underline);
            } else if (code == 3) {
                return new Style(fg, bg, bold, true, underline);
            } else if (code == 4) {
                return new Style(fg, bg, bold, italic, true);
            } else if (code == 22) {
                return new Style(fg, bg, false, italic, underline);
            } else if (code == 23) {
                return new Style(fg, bg, bold, false, underline);
            } else if (code == 24) {
                return new Style(fg, bg, bold, italic, false);
            } else if (code >= 30 && code <= 37) {
                return withFg(code - 30);
            } else if (code == 39) {
                return withFg(-1);
            } else if (code >= 40 && code <= 47) {
                return withBg(code - 40);
            } else if (code == 49) {
                return withBg(-1);
            } else if (code >= 90 && code <= 97) {
                return withFg(code - 90); // bright: the page has one shade of each
            } else if (code >= 100 && code <= 107) {
                return withBg(code - 100);
            }
            return this; // blink, reverse, fonts...: not shown
        }

        private Style withFg(int colour) {
            return new Style(colour, bg, bold, italic, underline);
        }

        private Style withBg(int colour) {
            return new Style(fg, colour, bold, italic, underline);
        }

        String classes() {
            List<String> classes = new ArrayList<>();
            if (fg >= 0) {
                classes.add("a-fg-" + fg);
            }
            if (bg >= 0) {
                classes.add("a-bg-" + bg);
            }
            if (bold) {
                classes.add("a-bold");
            }
            if (italic) {
                classes.add("a-italic");
            }
            if (underline) {
                classes.add("a-underline");
            }
            return String.join(" ", classes);
        }

        /** A 256-colour index as one of the eight, where it is one of the sixteen basic ones. */
        private static int eightOf(int index) {
            return index >= 0 && index < 16 ? index % 8 : -1;
        }

        private static int number(String code) {
            if (code.isEmpty()) {
                return 0;
            }
            try {
                return Integer.parseInt(code);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
