package io.mflow.task.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogHtmlTest {

    private static final String E = "\u001b";

    @Test
    void plainTextStaysAsItIs() {
        assertThat(LogHtml.text("building 3 modules")).isEqualTo("building 3 modules");
    }

    @Test
    void aColourCodeBecomesASpanUntilTheReset() {
        assertThat(LogHtml.text(E + "[31mfailed" + E + "[0m after 3s"))
                .isEqualTo("<span class=\"a-fg-1\">failed</span> after 3s");
    }

    @Test
    void boldAndColourTogetherAndAnEmptyResetEndThem() {
        assertThat(LogHtml.text(E + "[1;32mok" + E + "[m done"))
                .isEqualTo("<span class=\"a-fg-2 a-bold\">ok</span> done");
    }

    @Test
    void backgroundsBrightColoursAndTheirResetsEachChangeTheSpan() {
        assertThat(LogHtml.text(E + "[44;93mwarn" + E + "[39mbg" + E + "[49mplain"))
                .isEqualTo("<span class=\"a-fg-3 a-bg-4\">warn</span><span class=\"a-bg-4\">bg</span>plain");
    }

    @Test
    void boldOffKeepsTheColour() {
        assertThat(LogHtml.text(E + "[1;34mA" + E + "[22mB"))
                .isEqualTo("<span class=\"a-fg-4 a-bold\">A</span><span class=\"a-fg-4\">B</span>");
    }

    @Test
    void stylesEndWithTheLine() {
        assertThat(LogHtml.text(E + "[35mno reset")).isEqualTo("<span class=\"a-fg-5\">no reset</span>");
    }

    @Test
    void rgbCodesAreIgnoredWithTheirArgumentsAndWhatFollowsStillCounts() {
        assertThat(LogHtml.text(E + "[38;2;255;0;0;1mred bold" + E + "[0m"))
                .isEqualTo("<span class=\"a-bold\">red bold</span>");
    }

    @Test
    void aBasic256ColourMapsToItsColourAndAnotherIsIgnored() {
        assertThat(LogHtml.text(E + "[38;5;2mgreen" + E + "[38;5;208morange?" + E + "[48;5;9mon red"))
                .isEqualTo("<span class=\"a-fg-2\">greenorange?</span><span class=\"a-fg-2 a-bg-1\">on red</span>");
    }

    @Test
    void htmlInALogIsPrintedAsText() {
        assertThat(LogHtml.text("<script>alert('x')</script> & \"q\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    }

    @Test
    void htmlInsideAColourIsEscapedToo() {
        assertThat(LogHtml.text(E + "[31m<img src=x onerror=alert(1)>" + E + "[0m"))
                .isEqualTo("<span class=\"a-fg-1\">&lt;img src=x onerror=alert(1)&gt;</span>");
    }

    @Test
    void otherEscapeSequencesAndControlCharactersAreDropped() {
        assertThat(LogHtml.text("50%\r" + E + "[2K" + E + "[1A100%\u0007" + E + "(B\tdone"))
                .isEqualTo("50%100%\tdone");
    }

    @Test
    void anEscapeCutOffAtTheEndOfTheLineIsDropped() {
        assertThat(LogHtml.text("end" + E + "[3")).isEqualTo("end");
        assertThat(LogHtml.text("end" + E)).isEqualTo("end");
    }

    @Test
    void unknownAndMalformedCodesChangeNothing() {
        assertThat(LogHtml.text(E + "[5;7;999;31mblink")).isEqualTo("<span class=\"a-fg-1\">blink</span>");
    }

    @Test
    void aLineCarriesItsNumber() {
        assertThat(LogHtml.line(12, "<b>")).isEqualTo("<span class=\"l\"><span class=\"n\">12</span>&lt;b&gt;</span>");
    }
}
