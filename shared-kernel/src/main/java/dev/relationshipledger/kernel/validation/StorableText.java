package dev.relationshipledger.kernel.validation;

/**
 * Text the ledger can keep as it was given, everywhere it goes. PostgreSQL's {@code text} and {@code jsonb} cannot
 * hold the character U+0000, so an event carrying one is stored (the event table keeps bytes) but no projection can
 * store it: its segment would fail at every retry. An unpaired surrogate is not a character at all; UTF-8 cannot
 * encode it, so it would come back as '?' from the read models while the event keeps it. Both are refused where
 * text enters the ledger, and only there: stored events are never checked again.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why the text cannot be stored, or null when it can (null text included). */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the character U+0000";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase() + ")";
            }
        }
        return null;
    }

    /**
     * Blank in the reader's eyes: nothing but white space, space separators (such as the no-break space U+00A0) and
     * invisible format characters (such as the zero-width space U+200B). {@link String#isBlank()} sees only the
     * first kind.
     */
    public static boolean blank(String text) {
        return text == null || text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT);
    }
}
