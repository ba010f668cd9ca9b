package io.mflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void eachColumnIsAsWideAsItsWidestCellAndAMissingValueIsADash() {
        Table table = new Table("ID", "NAME", "STAGE").row("pl-1", "ship", "ACTIVE").row("pl-22", null, "FAILED");

        assertThat(table.lines()).containsExactly(
                "ID     NAME  STAGE",
                "pl-1   ship  ACTIVE",
                "pl-22  -     FAILED");
    }

    @Test
    void aCellOfManyLinesStaysOnItsRow() {
        assertThat(new Table("MESSAGE").row("first\nsecond").lines()).containsExactly("MESSAGE", "first second");
    }
}
