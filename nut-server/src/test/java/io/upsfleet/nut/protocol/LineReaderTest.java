package io.upsfleet.nut.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineReaderTest {

    private final List<String> events = new ArrayList<>();
    private final LineReader.Sink sink = new LineReader.Sink() {
        @Override
        public void line(String line) {
            events.add(line);
        }

        @Override
        public void tooLong() {
            events.add("<too long>");
        }
    };

    private void feed(LineReader reader, String text) {
        reader.feed(text.getBytes(StandardCharsets.ISO_8859_1), sink);
    }

    @Test
    void linesSplitAcrossReadsAreJoinedAndSeveralInOneReadAreSplit() {
        LineReader reader = new LineReader(64);
        feed(reader, "GET VA");
        feed(reader, "R ups-1 ups.status\nVER\nNET");
        feed(reader, "VER\n");
        assertEquals(List.of("GET VAR ups-1 ups.status", "VER", "NETVER"), events);
    }

    @Test
    void controlAndNonAsciiBytesAreDroppedButTabAndCarriageReturnStay() {
        LineReader reader = new LineReader(64);
        feed(reader, "V\u0000E\u00ffR\u0007\r\n\tHELP\n");
        assertEquals(List.of("VER\r", "\tHELP"), events);
    }

    @Test
    void aLineOverTheLimitIsReportedOnceAndSkippedToItsNewlineWithoutGrowingABuffer() {
        LineReader reader = new LineReader(8);
        feed(reader, "12345678");
        assertTrue(events.isEmpty(), "exactly the limit is still a line");
        feed(reader, "9" + "x".repeat(100_000));
        assertEquals(List.of("<too long>"), events);
        assertEquals(0, reader.pending(), "nothing of the long line is kept");
        feed(reader, "yyy\nVER\n");
        assertEquals(List.of("<too long>", "VER"), events);
    }

    @Test
    void anEmptyLineIsALine() {
        LineReader reader = new LineReader(8);
        feed(reader, "\n\n");
        assertEquals(List.of("", ""), events);
    }
}
