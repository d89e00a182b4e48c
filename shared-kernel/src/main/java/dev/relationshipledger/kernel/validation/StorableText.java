package dev.relationshipledger.kernel.validation;

/**
 * Text the ledger can keep as it was given, everywhere it goes. PostgreSQL's {@code text} and {@code jsonb} cannot
 * hold the character U+0000, so an event carrying one is stored (the event table keeps bytes) but no projection can
 * store it: its segment would fail at every retry. An unpaired surrogate is not a character at all; UTF-8 cannot
 * encode it, so it would come back as '?' from the read models while the event keeps it. Both are refused where
 * text enters the ledger (the command side's request bodies), and only there: the messages' own checks ({@link Check})
 * leave them alone, so that events stored before these rules still deserialize.
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
     * Blank in the reader's eyes though {@link String#isBlank()} says not: nothing but white space, space separators
     * (such as the no-break space U+00A0) and invisible format characters (such as the zero-width space U+200B), at
     * least one of the last two. (Text that {@code isBlank} already catches is left to the messages' own checks: an
     * optional field may be sent empty.)
     */
    public static boolean invisible(String text) {
        return text != null && !text.isBlank() && text.codePoints().allMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT);
    }
}
