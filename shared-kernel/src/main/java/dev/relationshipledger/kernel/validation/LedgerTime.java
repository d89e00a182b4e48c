package dev.relationshipledger.kernel.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The span of business time the ledger accepts, in commands and in queries: from 1900 to the end of 9999. A date
 * outside it is a typing mistake, not history, and some of them cannot be stored at all: PostgreSQL's timestamps end
 * at 4713 BC and 294276 AD, while Java's reach a billion years, and years before 1 or after 9999 are not ISO 8601
 * without an agreement on signs and digits, which BI tools do not share.
 */
public final class LedgerTime {

    public static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    public static final Instant EARLIEST = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    /** The last microsecond of {@link #LAST_DAY} (PostgreSQL keeps microseconds). */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** How a violation reads, for instants and dates alike. */
    public static final String SPAN = "between 1900-01-01 and 9999-12-31";

    private LedgerTime() {
    }

    public static boolean contains(Instant value) {
        return !value.isBefore(EARLIEST) && !value.isAfter(LATEST);
    }

    public static boolean contains(LocalDate value) {
        return !value.isBefore(FIRST_DAY) && !value.isAfter(LAST_DAY);
    }
}
