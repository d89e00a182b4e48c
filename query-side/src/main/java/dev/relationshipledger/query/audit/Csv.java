package dev.relationshipledger.query.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: comma separated, CRLF line ends, a cell quoted when it holds a comma, a double quote,
 * CR or LF, double quotes doubled inside. A text cell that a spreadsheet would run as a formula (it starts with
 * {@code = + - @}, a tab or CR) is prefixed with a single quote, as OWASP advises against CSV injection; the cell
 * then reads as text.
 */
public final class Csv {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private Csv() {
    }

    /** One cell, guarded and quoted as needed; null is the empty cell. */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** Writes one record and its CRLF. */
    public static void writeRow(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }
}
