package supervisor.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void render_cellsOfDifferentWidths_alignsColumnsTwoSpacesApartWithoutTrailingBlanks() {
        String text = new Table("A", "LONG HEADER", "C").row("wide cell", "x", "").row("b", "yy", "z").render();

        assertThat(text).isEqualTo(""
                + "A          LONG HEADER  C\n"
                + "wide cell  x\n"
                + "b          yy           z\n");
    }

    @Test
    void row_wrongCellCount_isRefused() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a row needs 2 cells, got 1");
    }

    @Test
    void size_countsDataRowsOnly() {
        assertThat(new Table("A").row("1").row("2").size()).isEqualTo(2);
    }
}
