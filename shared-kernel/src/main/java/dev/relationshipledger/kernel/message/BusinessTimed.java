package dev.relationshipledger.kernel.message;

import java.time.Instant;

/**
 * An event whose fact happened at a business time of its own (a back-dated contact, a complaint received last
 * week), as opposed to the time it was recorded. Time travel "as it had happened" and the audit trail's business
 * time column read it; events without it happened when they were recorded.
 */
public interface BusinessTimed {

    Instant businessTime();
}
