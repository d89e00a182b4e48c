package dev.relationshipledger.kernel.personaldata;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;

import java.util.UUID;

/**
 * What one key seals, always inside one relationship: a person's details (decision 0019), what was said at one
 * contact (decision 0021) or what a complaint says (decision 0022). Each kind keeps its keys in a table of its own,
 * with the same rules: created with the first event that needs the key, destroyed once, never replaced.
 */
public sealed interface KeyHolder permits KeyHolder.Person, KeyHolder.Contact, KeyHolder.Complaint {

    RelationshipId relationshipId();

    /** The aggregate whose events record the holder's values: the relationship, unless the holder is one itself. */
    default String aggregateId() {
        return relationshipId().toString();
    }

    /** The holder's id inside its relationship. */
    UUID id();

    /** The key table, schema-qualified. */
    String table();

    /** The table's column holding {@link #id()}. */
    String idColumn();

    /** Where a value of the holder belongs, bound into its seal: it opens nowhere else. */
    default String place(String field) {
        return "relationship/" + relationshipId() + "/" + idColumn().replace("_id", "") + "/" + id() + "/" + field;
    }

    /** A person at the counterparty: their name, position and email. */
    record Person(RelationshipId relationshipId, PersonId personId) implements KeyHolder {

        @Override
        public UUID id() {
            return personId.value();
        }

        @Override
        public String table() {
            return "event_store.personal_data_key";
        }

        @Override
        public String idColumn() {
            return "person_id";
        }

        @Override
        public String toString() {
            return "person " + personId + " on relationship " + relationshipId;
        }
    }

    /** A logged contact: its participants, summary, follow-ups and every correction of its summary. */
    record Contact(RelationshipId relationshipId, ContactId contactId) implements KeyHolder {

        @Override
        public UUID id() {
            return contactId.value();
        }

        @Override
        public String table() {
            return "event_store.contact_text_key";
        }

        @Override
        public String idColumn() {
            return "contact_id";
        }

        @Override
        public String toString() {
            return "contact " + contactId + " on relationship " + relationshipId;
        }
    }

    /** A complaint: its description (as filed and as corrected), the note of its acknowledgement, its resolutions. */
    record Complaint(RelationshipId relationshipId, ComplaintId complaintId) implements KeyHolder {

        @Override
        public UUID id() {
            return complaintId.value();
        }

        @Override
        public String aggregateId() {
            return complaintId.toString();
        }

        @Override
        public String table() {
            return "event_store.complaint_text_key";
        }

        @Override
        public String idColumn() {
            return "complaint_id";
        }

        @Override
        public String toString() {
            return "complaint " + complaintId + " on relationship " + relationshipId;
        }
    }
}
