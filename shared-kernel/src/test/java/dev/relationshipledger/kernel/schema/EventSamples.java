package dev.relationshipledger.kernel.schema;

import dev.relationshipledger.kernel.complaint.*;
import dev.relationshipledger.kernel.contract.*;
import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.*;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.AccessDelegated;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonErased;
import dev.relationshipledger.kernel.relationship.ContactTextErased;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonRemoved;
import dev.relationshipledger.kernel.relationship.DelegationRevoked;
import dev.relationshipledger.kernel.relationship.OwnerReassigned;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipEvent;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.kernel.relationship.TierChanged;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixed example of every event type, with every field filled. The approval test serializes each and compares it
 * with the approved JSON, so any change to an event's shape is a deliberate, reviewed act.
 */
final class EventSamples {

    static final RelationshipId RELATIONSHIP = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    static final ContactId CONTACT = ContactId.of("0d8e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a");
    static final PersonId PERSON = PersonId.of("6a1f3e2d-4c5b-4a69-8d7e-1f2a3b4c5d6e");
    static final UserName RITA = UserName.of("rita");
    static final UserName RALF = UserName.of("ralf");
    static final Instant WHEN = Instant.parse("2026-11-20T10:00:00Z");

    /** The sealed event families whose every member must have a sample. */
    static final List<Class<? extends LedgerEvent>> FAMILIES = List.of(RelationshipEvent.class, ComplaintEvent.class,
            NegotiationEvent.class, ContractEvent.class);
    static final ComplaintId COMPLAINT = ComplaintId.of("8b7c6d5e-4f3a-4b2c-9d1e-0f1a2b3c4d5e");
    static final NegotiationId NEGOTIATION = NegotiationId.of("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    static final ProposalId PROPOSAL = ProposalId.of("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f60");
    static final ApprovalId APPROVAL = ApprovalId.of("3e4f5a6b-7c8d-4e9f-0a1b-2c3d4e5f6071");
    static final ContractId CONTRACT = ContractId.of("4f5a6b7c-8d9e-4f0a-1b2c-3d4e5f607182");
    static final Terms TERMS = new Terms(Money.of("120.50", "EUR"), new BigDecimal("100"), 24, 30,
            new BigDecimal("5"), List.of("delivery within 10 days"));
    static final Terms BETTER = new Terms(Money.of("118", "EUR"), new BigDecimal("100"), 24, 30,
            new BigDecimal("5"), List.of("delivery within 10 days"));
    static final Mandate MANDATE = new Mandate(Money.of("110", "EUR"), null, new BigDecimal("10"), 12, 36,
            List.of(UserName.of("maria")));

    private EventSamples() {
    }

    static Map<Class<?>, LedgerEvent> all() {
        Map<Class<?>, LedgerEvent> samples = new LinkedHashMap<>();
        for (LedgerEvent e : List.of(
                new RelationshipOpened(RELATIONSHIP, new Counterparty("Acme Steel", CounterpartyKind.SUPPLIER, "raw materials"),
                        RITA, Tier.KEY),
                new ContactLogged(RELATIONSHIP, CONTACT, ContactChannel.MEETING, List.of("Jane Doe"), "Quarterly review",
                        Sentiment.POSITIVE, List.of("send minutes"), WHEN),
                new ContactSummaryCorrected(RELATIONSHIP, CONTACT, "Quarterly review, prices raised", "summary incomplete"),
                new CounterpartyPersonAdded(RELATIONSHIP, new CounterpartyPerson(PERSON, "Jane Doe", "Head of purchasing",
                        "jane@acme.example")),
                new CounterpartyPersonRemoved(RELATIONSHIP, PERSON, "left the company"),
                new CounterpartyPersonErased(RELATIONSHIP, PERSON, "erasure request DSR-2026-0142 (GDPR Art. 17)"),
                new ContactTextErased(RELATIONSHIP, CONTACT, "erasure request DSR-2026-0143 (GDPR Art. 17)"),
                new OwnerReassigned(RELATIONSHIP, RITA, RALF, "regional handover"),
                new TierChanged(RELATIONSHIP, Tier.KEY, Tier.STRATEGIC, "volume doubled"),
                new AccessDelegated(RELATIONSHIP, RALF),
                new DelegationRevoked(RELATIONSHIP, RALF),
                new RelationshipClosed(RELATIONSHIP, "counterparty ceased trading"),
                new RelationshipReopened(RELATIONSHIP, "counterparty restarted"),
                new ComplaintFiled(COMPLAINT, RELATIONSHIP, ComplaintCategory.DELIVERY, Severity.HIGH,
                        "second late delivery this month", WHEN),
                new ComplaintAcknowledged(COMPLAINT, RELATIONSHIP, "looking into it"),
                new ComplaintEscalated(COMPLAINT, RELATIONSHIP, UserName.of("maria"), "customer threatens to leave"),
                new ComplaintResolved(COMPLAINT, RELATIONSHIP, "credit note issued", Money.of("250", "EUR"),
                        Satisfaction.SATISFIED),
                new ComplaintReopened(COMPLAINT, RELATIONSHIP, "credit note never arrived"),
                new ComplaintWithdrawn(COMPLAINT, RELATIONSHIP, "customer found the credit note"),
                new ComplaintDetailsCorrected(COMPLAINT, RELATIONSHIP, ComplaintCategory.DELIVERY, Severity.MEDIUM,
                        "late delivery", "severity overstated"),
                new ComplaintTextErased(COMPLAINT, RELATIONSHIP, "erasure request DSR-2026-0151 (GDPR Art. 17)"),
                new NegotiationOpened(NEGOTIATION, RELATIONSHIP, "2027 steel supply", MANDATE),
                new ProposalMade(NEGOTIATION, RELATIONSHIP, PROPOSAL, Side.OURS, TERMS, 1, true, List.of(), null, null,
                        null, WHEN),
                new ApprovalRequested(NEGOTIATION, RELATIONSHIP, APPROVAL, BETTER, "volume justifies it", RITA,
                        List.of("discount 12% above 10%")),
                new ApprovalGranted(NEGOTIATION, RELATIONSHIP, APPROVAL, UserName.of("maria"), WHEN, "ok for this deal"),
                new ApprovalDenied(NEGOTIATION, RELATIONSHIP, APPROVAL, UserName.of("maria"), WHEN, "too deep"),
                new ProposalTermsCorrected(NEGOTIATION, RELATIONSHIP, PROPOSAL, Side.OURS, TERMS, BETTER, "typo in price",
                        true, List.of(), null, null, null),
                new NegotiationConcluded(NEGOTIATION, RELATIONSHIP, NegotiationOutcome.AGREED, PROPOSAL, BETTER,
                        "signed off"),
                new ContractSigned(CONTRACT, RELATIONSHIP, NEGOTIATION, BETTER, LocalDate.of(2027, 1, 1),
                        LocalDate.of(2028, 12, 31), "Steel supply 2027-2028"),
                new ContractAmended(CONTRACT, RELATIONSHIP, BETTER, TERMS, "price index clause"),
                new ContractRenewed(CONTRACT, RELATIONSHIP, LocalDate.of(2028, 12, 31), LocalDate.of(2029, 12, 31), TERMS),
                new ContractSuspended(CONTRACT, RELATIONSHIP, "unpaid invoices"),
                new ContractReinstated(CONTRACT, RELATIONSHIP, "invoices paid"),
                new ContractTerminated(CONTRACT, RELATIONSHIP, "supplier insolvent", LocalDate.of(2029, 3, 31)),
                new ContractExpired(CONTRACT, RELATIONSHIP, LocalDate.of(2029, 12, 31)))) {
            samples.put(e.getClass(), e);
        }
        return samples;
    }
}
