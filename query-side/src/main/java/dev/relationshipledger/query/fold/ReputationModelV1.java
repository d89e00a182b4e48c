package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.complaint.ComplaintEscalated;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintReopened;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.complaint.ComplaintWithdrawn;
import dev.relationshipledger.kernel.contract.ContractExpired;
import dev.relationshipledger.kernel.contract.ContractReinstated;
import dev.relationshipledger.kernel.contract.ContractRenewed;
import dev.relationshipledger.kernel.contract.ContractSigned;
import dev.relationshipledger.kernel.contract.ContractSuspended;
import dev.relationshipledger.kernel.contract.ContractTerminated;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;

import java.time.Duration;
import java.util.Optional;

/**
 * Version 1 of the reputation model (docs/reputation-model.md). Contacts move the score by their sentiment;
 * complaints cost by severity and earn part of it back when resolved; agreements and contracts build it;
 * terminations and lost negotiations cost it. Half-life 180 days.
 */
public final class ReputationModelV1 implements ReputationModel {

    public static final String VERSION = "v1";

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Duration halfLife() {
        return Duration.ofDays(180);
    }

    @Override
    public Optional<Effect> effectOf(LedgerEvent event, RelationshipState before) {
        if (event instanceof ContactLogged contact) {
            return switch (contact.sentiment()) {
                case VERY_POSITIVE -> effect(4, "contact-very-positive");
                case POSITIVE -> effect(2, "contact-positive");
                case NEUTRAL -> Optional.empty();
                case NEGATIVE -> effect(-3, "contact-negative");
                case VERY_NEGATIVE -> effect(-6, "contact-very-negative");
            };
        }
        if (event instanceof ComplaintFiled filed) {
            return effect(-complaintCost(filed.severity().name()), "complaint-filed-" + filed.severity().name().toLowerCase());
        }
        if (event instanceof ComplaintEscalated) {
            return effect(-3, "complaint-escalated");
        }
        if (event instanceof ComplaintResolved resolved) {
            double back = complaintCost(severityOf(before, resolved.complaintId().toString())) / 2;
            double satisfaction = resolved.satisfaction() == null ? 0 : switch (resolved.satisfaction()) {
                case VERY_SATISFIED -> 3;
                case SATISFIED -> 1;
                case NEUTRAL -> 0;
                case DISSATISFIED -> -2;
                case VERY_DISSATISFIED -> -4;
            };
            return effect(back + satisfaction, "complaint-resolved");
        }
        if (event instanceof ComplaintReopened reopened) {
            return effect(-complaintCost(severityOf(before, reopened.complaintId().toString())) / 2, "complaint-reopened");
        }
        if (event instanceof ComplaintWithdrawn withdrawn) {
            return effect(complaintCost(severityOf(before, withdrawn.complaintId().toString())) / 2, "complaint-withdrawn");
        }
        if (event instanceof NegotiationConcluded concluded) {
            return switch (concluded.outcome()) {
                case AGREED -> effect(5, "negotiation-agreed");
                case WALKED_AWAY -> effect(-2, "negotiation-walked-away");
                case LOST -> effect(-3, "negotiation-lost");
            };
        }
        if (event instanceof ContractSigned) {
            return effect(5, "contract-signed");
        }
        if (event instanceof ContractRenewed) {
            return effect(4, "contract-renewed");
        }
        if (event instanceof ContractSuspended) {
            return effect(-4, "contract-suspended");
        }
        if (event instanceof ContractReinstated) {
            return effect(2, "contract-reinstated");
        }
        if (event instanceof ContractTerminated) {
            return effect(-10, "contract-terminated");
        }
        if (event instanceof ContractExpired) {
            return effect(-1, "contract-expired");
        }
        if (event instanceof RelationshipClosed) {
            return effect(-5, "relationship-closed");
        }
        if (event instanceof RelationshipReopened) {
            return effect(3, "relationship-reopened");
        }
        return Optional.empty();
    }

    /** What a complaint of this severity costs when filed; half of it comes back when resolved or withdrawn. */
    static double complaintCost(String severity) {
        return switch (severity) {
            case "LOW" -> 2;
            case "MEDIUM" -> 5;
            case "HIGH" -> 10;
            case "CRITICAL" -> 20;
            default -> 0;
        };
    }

    /** The severity the complaint's filing was charged for: a correction since does not change what comes back. */
    private static String severityOf(RelationshipState before, String complaintId) {
        RelationshipState.ComplaintState complaint = before.complaints().get(complaintId);
        return complaint == null ? "" : complaint.chargedSeverity();
    }

    private static Optional<Effect> effect(double points, String rule) {
        return Optional.of(new Effect(points, rule));
    }
}
