package dev.relationshipledger.command.relationship;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.relationshipledger.kernel.id.ContactId;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The ids of the contacts a relationship has logged: what its "logged once" and "corrects a logged contact" rules
 * ask about. A relationship keeps every one of them while it is cached, and the busiest collect tens of thousands, so
 * they are held as pairs of longs in one open-addressed table: 16 bytes per slot, 21-43 bytes per id as the table
 * fills between its growths, where a {@code HashSet<ContactId>} takes 88 (its node, the record, the UUID and the
 * bucket: a class histogram of one million ids).
 *
 * <p>In a snapshot it is the same JSON array of id strings a {@code Set<ContactId>} was, so snapshots taken before it
 * still load.
 */
final class LoggedContacts {

    private static final int FIRST_SLOTS = 16;

    /** Slot i holds an id's two halves at 2i and 2i+1; (0, 0) marks a free slot, so the nil UUID is held apart. */
    private long[] slots = new long[2 * FIRST_SLOTS];
    private int size;
    private boolean holdsNil;

    LoggedContacts() {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LoggedContacts of(List<String> ids) {
        LoggedContacts contacts = new LoggedContacts();
        ids.forEach(id -> contacts.add(ContactId.of(id)));
        return contacts;
    }

    boolean contains(ContactId contact) {
        UUID id = contact.value();
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        if (high == 0 && low == 0) {
            return holdsNil;
        }
        int slot = slotOf(slots, high, low);
        return slots[slot] != 0 || slots[slot + 1] != 0;
    }

    void add(ContactId contact) {
        UUID id = contact.value();
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        if (high == 0 && low == 0) {
            if (!holdsNil) {
                holdsNil = true;
                size++;
            }
            return;
        }
        int slot = slotOf(slots, high, low);
        if (slots[slot] != 0 || slots[slot + 1] != 0) {
            return;
        }
        slots[slot] = high;
        slots[slot + 1] = low;
        size++;
        // at most three quarters of the slots taken, so that a probe ends after a few steps
        if (size * 4L > slots.length / 2 * 3L) {
            grow();
        }
    }

    int size() {
        return size;
    }

    @JsonValue
    List<String> ids() {
        List<String> ids = new ArrayList<>(size);
        if (holdsNil) {
            ids.add(new UUID(0, 0).toString());
        }
        for (int i = 0; i < slots.length; i += 2) {
            if (slots[i] != 0 || slots[i + 1] != 0) {
                ids.add(new UUID(slots[i], slots[i + 1]).toString());
            }
        }
        return ids;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                int slot = slotOf(slots, old[i], old[i + 1]);
                slots[slot] = old[i];
                slots[slot + 1] = old[i + 1];
            }
        }
    }

    /** The index of the id's slot in the table: where it is, or the free slot where it would go (linear probing). */
    private static int slotOf(long[] table, long high, long low) {
        int mask = table.length / 2 - 1;
        int slot = mix(high, low) & mask;
        while ((table[2 * slot] != 0 || table[2 * slot + 1] != 0)
                && (table[2 * slot] != high || table[2 * slot + 1] != low)) {
            slot = (slot + 1) & mask;
        }
        return 2 * slot;
    }

    /**
     * Spreads both halves over the bits the mask keeps: time-ordered ids (ours) differ little in their high half
     * from one to the next, random ones anywhere.
     */
    private static int mix(long high, long low) {
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }
}
