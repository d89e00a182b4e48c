package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.kernel.validation.Check;

/**
 * What a complaint says was erased (a data subject's right to erasure, decision 0022): the complaint's key was
 * destroyed in the transaction that recorded this, so the description of its {@link ComplaintFiled} and of every
 * {@link ComplaintDetailsCorrected}, the note of its {@link ComplaintAcknowledged} and the resolution of every
 * {@link ComplaintResolved} read as erased from then on, everywhere. The complaint itself stays: its category,
 * severity, times, status, compensation and satisfaction. The reason names the request and its legal ground.
 */
public record ComplaintTextErased(ComplaintId complaintId, RelationshipId relationshipId, String reason)
        implements ComplaintEvent, Subject {

    public ComplaintTextErased {
        Check.that().notNull("complaintId", complaintId).notNull("relationshipId", relationshipId).done();
    }

    @Override
    public String subject() {
        return Subject.of("complaint", complaintId);
    }
}
