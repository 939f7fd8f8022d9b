package io.upsfleet.nut.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordsTest {

    @Test
    void wordsAreSplitOnWhitespaceAndQuotesKeepSpaces() {
        assertEquals(List.of("SET", "VAR", "ups-1", "ups.id", "My UPS"), Words.split("SET VAR ups-1  ups.id \"My UPS\""));
        assertEquals(List.of("GET", "VAR", "a", "b"), Words.split("\tGET\tVAR a b\r"));
        assertEquals(List.of("PASSWORD", ""), Words.split("PASSWORD \"\""));
    }

    @Test
    void backslashTakesTheNextCharacterLiterallyAndHashStartsAComment() {
        assertEquals(List.of("PASSWORD", "a b\"c"), Words.split("PASSWORD a\\ b\\\"c"));
        assertEquals(List.of("PASSWORD", "x#y"), Words.split("PASSWORD \"x#y\""));
        assertEquals(List.of("VER"), Words.split("VER # a comment"));
        assertEquals(List.of(), Words.split("   "));
    }

    @Test
    void atMost32WordsAreKept() {
        assertEquals(Words.MAX_WORDS, Words.split("a ".repeat(100)).size());
    }

    @Test
    void valuesAreQuotedWithNutsEscapes() {
        assertEquals("\"OL LB\"", Words.quote("OL LB"));
        assertEquals("\"a\\\"b\\\\c\\#\"", Words.quote("a\"b\\c#"));
        assertEquals(List.of("a\"b\\c#"), Words.split(Words.quote("a\"b\\c#")), "what is quoted reads back the same");
    }
}
