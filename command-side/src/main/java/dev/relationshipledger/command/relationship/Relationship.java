package dev.relationshipledger.command.relationship;

import dev.relationshipledger.command.access.RecordingRights;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.AccessDelegated;
import dev.relationshipledger.kernel.relationship.AddCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.ChangeTier;
import dev.relationshipledger.kernel.relationship.CloseRelationship;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.kernel.relationship.ContactTextErased;
import dev.relationshipledger.kernel.relationship.CorrectContactSummary;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonErased;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonRemoved;
import dev.relationshipledger.kernel.relationship.DelegateAccess;
import dev.relationshipledger.kernel.relationship.DelegationRevoked;
import dev.relationshipledger.kernel.relationship.EraseContactText;
import dev.relationshipledger.kernel.relationship.EraseCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.LogContact;
import dev.relationshipledger.kernel.relationship.OpenRelationship;
import dev.relationshipledger.kernel.relationship.OwnerReassigned;
import dev.relationshipledger.kernel.relationship.ReassignOwner;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;
import dev.relationshipledger.kernel.relationship.RemoveCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.ReopenRelationship;
import dev.relationshipledger.kernel.relationship.RevokeDelegation;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.kernel.relationship.TierChanged;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static dev.relationshipledger.command.rules.Rules.permit;
import static dev.relationshipledger.command.rules.Rules.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One relationship with one counterparty. Keeps only what its rules need: who may record, whether it is closed,
 * and which contacts and people exist (so that corrections and removals refer to something real). Everything a
 * reader wants to see lives in the events and the projections.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver", cache = "relationshipCache",
        snapshotTriggerDefinition = "relationshipSnapshotTrigger", snapshotFilter = "relationshipSnapshotFilter")
@Revision(Relationship.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Relationship {

    /** Bump when the fields below change: snapshots of another revision are then ignored (RelationshipSnapshots). */
    static final String SNAPSHOT_REVISION = "3";

    /** How far a contact's business time may run ahead of our clock: device clocks drift, the future does not happen. */
    static final Duration CLOCK_SKEW_ALLOWED = Duration.ofMinutes(5);

    @AggregateIdentifier
    private RelationshipId id;
    private UserName owner;
    private final Set<UserName> delegates = new HashSet<>();
    private Tier tier;
    private boolean closed;
    private final Set<ContactId> contacts = new HashSet<>();
    /** The people who represent the counterparty now. */
    private final Set<PersonId> people = new HashSet<>();
    /** Everyone ever recorded, removed or not: their details may be erased at any time. */
    private final Set<PersonId> everRecorded = new HashSet<>();
    private final Set<PersonId> erased = new HashSet<>();
    /** Contacts whose text was erased: nothing is recorded of them again (decision 0021). */
    private final Set<ContactId> erasedContacts = new HashSet<>();

    protected Relationship() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public Relationship(OpenRelationship command, Actor actor) {
        permit(actor.has(Role.MANAGER) || (actor.has(Role.RELATIONSHIP_MANAGER) && actor.is(command.owner())),
                "open-for-self-unless-manager",
                "a relationship manager may open relationships only with themselves as owner");
        apply(new RelationshipOpened(command.relationshipId(), command.counterparty(), command.owner(), command.tier()));
    }

    @CommandHandler
    void handle(LogContact command, Actor actor, Clock clock) {
        mayRecordOnOpen(actor);
        require(!command.occurredAt().isAfter(clock.instant().plus(CLOCK_SKEW_ALLOWED)),
                "contact-not-in-future", "occurredAt lies in the future; a contact is logged after it happened");
        require(!contacts.contains(command.contactId()), "contact-logged-once",
                "contact " + command.contactId() + " is already logged; correct it instead");
        apply(new ContactLogged(id, command.contactId(), command.channel(), command.participants(),
                command.summary(), command.sentiment(), command.followUps(), command.occurredAt()));
    }

    @CommandHandler
    void handle(CorrectContactSummary command, Actor actor) {
        RecordingRights.requireMayRecord(actor, owner, delegates);
        require(contacts.contains(command.contactId()), "corrects-a-logged-contact",
                "no contact " + command.contactId() + " was logged on this relationship");
        require(!erasedContacts.contains(command.contactId()), "erased-contact-stays-erased",
                "what was said at contact " + command.contactId() + " was erased; log what needs recording as a new contact");
        apply(new ContactSummaryCorrected(id, command.contactId(), command.correctedSummary(), command.reason()));
    }

    @CommandHandler
    void handle(AddCounterpartyPerson command, Actor actor) {
        mayRecordOnOpen(actor);
        require(!people.contains(command.person().personId()), "person-added-once",
                "person " + command.person().personId() + " is already known");
        require(!erased.contains(command.person().personId()), "erased-person-stays-erased",
                "the details of person " + command.person().personId() + " were erased; record them under a new id");
        apply(new CounterpartyPersonAdded(id, command.person()));
    }

    @CommandHandler
    void handle(RemoveCounterpartyPerson command, Actor actor) {
        mayRecordOnOpen(actor);
        require(people.contains(command.personId()), "removes-a-known-person",
                "no person " + command.personId() + " is known on this relationship");
        apply(new CounterpartyPersonRemoved(id, command.personId(), command.reason()));
    }

    /**
     * Erasure is the data-protection function's decision, so compliance officers make it; it is allowed on a closed
     * relationship and for people removed long ago, whose details the events still hold.
     */
    @CommandHandler
    void handle(EraseCounterpartyPerson command, Actor actor) {
        permit(actor.has(Role.COMPLIANCE_OFFICER), "compliance-erases",
                "only a compliance officer erases a person's details");
        require(everRecorded.contains(command.personId()), "erases-a-recorded-person",
                "no person " + command.personId() + " was ever recorded on this relationship");
        require(!erased.contains(command.personId()), "erased-once",
                "the details of person " + command.personId() + " are already erased");
        apply(new CounterpartyPersonErased(id, command.personId(), command.reason()));
    }

    /**
     * As for a person's details: the data-protection function's decision, allowed on a closed relationship. The
     * contact stays in the ledger (when, how, the sentiment); only what was said becomes unreadable.
     */
    @CommandHandler
    void handle(EraseContactText command, Actor actor) {
        permit(actor.has(Role.COMPLIANCE_OFFICER), "compliance-erases",
                "only a compliance officer erases what was said at a contact");
        require(contacts.contains(command.contactId()), "erases-a-logged-contact",
                "no contact " + command.contactId() + " was logged on this relationship");
        require(!erasedContacts.contains(command.contactId()), "erased-once",
                "what was said at contact " + command.contactId() + " is already erased");
        apply(new ContactTextErased(id, command.contactId(), command.reason()));
    }

    @CommandHandler
    void handle(ReassignOwner command, Actor actor) {
        permit(actor.has(Role.MANAGER) || actor.has(Role.ADMIN), "managers-reassign",
                "only managers and admins reassign owners");
        require(!command.newOwner().equals(owner), "owner-changes", command.newOwner() + " already owns it");
        apply(new OwnerReassigned(id, owner, command.newOwner(), command.reason()));
    }

    @CommandHandler
    void handle(ChangeTier command, Actor actor) {
        mayRecordOnOpen(actor);
        require(command.tier() != tier, "tier-changes", "the relationship is already in tier " + tier);
        apply(new TierChanged(id, tier, command.tier(), command.reason()));
    }

    @CommandHandler
    void handle(DelegateAccess command, Actor actor) {
        ownerOrManager(actor);
        require(!command.delegate().equals(owner), "delegate-is-not-owner", "the owner needs no delegation");
        require(!delegates.contains(command.delegate()), "delegated-once", command.delegate() + " is already a delegate");
        apply(new AccessDelegated(id, command.delegate()));
    }

    @CommandHandler
    void handle(RevokeDelegation command, Actor actor) {
        ownerOrManager(actor);
        require(delegates.contains(command.delegate()), "revokes-a-delegation", command.delegate() + " is not a delegate");
        apply(new DelegationRevoked(id, command.delegate()));
    }

    @CommandHandler
    void handle(CloseRelationship command, Actor actor) {
        ownerOrManager(actor);
        require(!closed, "closes-an-open-relationship", "the relationship is already closed");
        apply(new RelationshipClosed(id, command.reason()));
    }

    @CommandHandler
    void handle(ReopenRelationship command, Actor actor) {
        ownerOrManager(actor);
        require(closed, "reopens-a-closed-relationship", "the relationship is not closed");
        apply(new RelationshipReopened(id, command.reason()));
    }

    private void mayRecordOnOpen(Actor actor) {
        RecordingRights.requireMayRecord(actor, owner, delegates);
        require(!closed, "relationship-open", "the relationship is closed; reopen it first");
    }

    private void ownerOrManager(Actor actor) {
        permit(actor.has(Role.MANAGER) || (actor.has(Role.RELATIONSHIP_MANAGER) && actor.is(owner)),
                "owner-or-manager", "only the owner or a manager may do this");
    }

    @EventSourcingHandler
    void on(RelationshipOpened event) {
        id = event.relationshipId();
        owner = event.owner();
        tier = event.tier();
    }

    @EventSourcingHandler
    void on(ContactLogged event) {
        contacts.add(event.contactId());
    }

    @EventSourcingHandler
    void on(CounterpartyPersonAdded event) {
        people.add(event.person().personId());
        everRecorded.add(event.person().personId());
    }

    @EventSourcingHandler
    void on(CounterpartyPersonRemoved event) {
        people.remove(event.personId());
    }

    @EventSourcingHandler
    void on(CounterpartyPersonErased event) {
        people.remove(event.personId());
        erased.add(event.personId());
    }

    @EventSourcingHandler
    void on(ContactTextErased event) {
        erasedContacts.add(event.contactId());
    }

    @EventSourcingHandler
    void on(OwnerReassigned event) {
        owner = event.newOwner();
        delegates.remove(event.newOwner());
    }

    @EventSourcingHandler
    void on(TierChanged event) {
        tier = event.tier();
    }

    @EventSourcingHandler
    void on(AccessDelegated event) {
        delegates.add(event.delegate());
    }

    @EventSourcingHandler
    void on(DelegationRevoked event) {
        delegates.remove(event.delegate());
    }

    @EventSourcingHandler
    void on(RelationshipClosed event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(RelationshipReopened event) {
        closed = false;
    }
}
