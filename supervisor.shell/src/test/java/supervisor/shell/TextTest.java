package supervisor.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void oneLine_lineBreaksAndTabs_becomeSingleSpaces() {
        assertThat(Text.oneLine("first\r\n\tsecond  third\u0007")).isEqualTo("first second third");
    }

    @Test
    void oneLine_null_isDash() {
        assertThat(Text.oneLine(null)).isEqualTo("-");
    }

    @Test
    void truncate_longText_isCutWithEllipsis() {
        assertThat(Text.truncate("abcdefghij", 8)).isEqualTo("abcde...");
    }

    @Test
    void truncate_shortText_isUnchanged() {
        assertThat(Text.truncate("abc", 8)).isEqualTo("abc");
    }

    @Test
    void error_withMessage_isSimpleClassNameAndMessageOnOneLine() {
        assertThat(Text.error(new IllegalStateException("boom\nat line two"))).isEqualTo("IllegalStateException: boom at line two");
    }

    @Test
    void error_withoutMessage_isSimpleClassName() {
        assertThat(Text.error(new OutOfMemoryError())).isEqualTo("OutOfMemoryError");
    }

    @Test
    void stackTrace_isIndentedAndStartsWithTheThrowable() {
        String trace = Text.stackTrace(new IllegalStateException("boom"), "    ");

        assertThat(trace).startsWith("    java.lang.IllegalStateException: boom\n    \tat ")
                .contains("TextTest.stackTrace_isIndentedAndStartsWithTheThrowable");
    }
}
