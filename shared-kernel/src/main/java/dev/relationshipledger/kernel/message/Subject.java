package dev.relationshipledger.kernel.message;

/**
 * An event about one recorded thing inside its aggregate that corrections can refer to: a contact, a complaint's
 * details, a proposal. The subject is a stable key such as {@code contact/<uuid>}; the audit trail shows every
 * event with the same subject side by side.
 */
public interface Subject {

    String subject();

    static String of(String kind, Object id) {
        return kind + "/" + id;
    }
}
