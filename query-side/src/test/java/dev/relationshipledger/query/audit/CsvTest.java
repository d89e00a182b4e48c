package dev.relationshipledger.query.audit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void plainCellsStayAsTheyAre() {
        assertThat(Csv.cell("ContactLogged")).isEqualTo("ContactLogged");
        assertThat(Csv.cell("2026-01-05T09:00:00Z")).isEqualTo("2026-01-05T09:00:00Z");
        assertThat(Csv.cell("42")).isEqualTo("42");
        assertThat(Csv.cell("it's fine")).isEqualTo("it's fine");
    }

    @Test
    void nullAndEmptyAreTheEmptyCell() {
        assertThat(Csv.cell(null)).isEmpty();
        assertThat(Csv.cell("")).isEmpty();
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(Csv.cell("carriage\rreturn")).isEqualTo("\"carriage\rreturn\"");
        assertThat(Csv.cell("{\"summary\":\"a, b\"}")).isEqualTo("\"{\"\"summary\"\":\"\"a, b\"\"}\"");
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreMadeText() {
        for (Map.Entry<String, String> c : Map.of(
                "=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"",
                "+1+1", "'+1+1",
                "-2+3", "'-2+3",
                "@SUM(A1)", "'@SUM(A1)",
                "\tcmd", "'\tcmd",
                "\r=1", "\"'\r=1\"").entrySet()) {
            assertThat(Csv.cell(c.getKey())).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(Csv.cell("a=b")).as("only a leading sign matters").isEqualTo("a=b");
    }

    @Test
    void rowsEndInCrLfAndReadBackCellForCell() throws IOException {
        List<String> cells = Arrays.asList("1", null, "a,b", "say \"hi\"", "two\r\nlines", "=1+1", "");
        StringWriter out = new StringWriter();
        Csv.writeRow(out, cells);
        assertThat(out.toString()).endsWith("\r\n");
        assertThat(parse(out.toString()))
                .containsExactly("1", "", "a,b", "say \"hi\"", "two\r\nlines", "'=1+1", "");
    }

    @Test
    void theHeaderHasOneNamePerColumn() throws IOException {
        StringWriter out = new StringWriter();
        Csv.writeRow(out, AuditExport.CSV_HEADER);
        assertThat(out.toString()).startsWith("position,event_id,relationship_id,").endsWith(",payload\r\n");
        assertThat(AuditExport.CSV_HEADER).hasSize(18);
    }

    /** A strict RFC 4180 reader for one record. */
    static List<String> parse(String record) {
        List<String> cells = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < record.length()) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && record.startsWith("\r\n", i)) {
                cells.add(cell.toString());
                return cells;
            } else {
                cell.append(c);
            }
            i++;
        }
        throw new IllegalArgumentException("record without CRLF");
    }
}
