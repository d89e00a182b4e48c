package dev.relationshipledger.command.contract;

import dev.relationshipledger.command.access.UnknownReference;
import dev.relationshipledger.command.access.WriteAccess;
import dev.relationshipledger.command.contract.NegotiationOutcomes.ConcludedNegotiation;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.contract.AmendContract;
import dev.relationshipledger.kernel.contract.ContractAmended;
import dev.relationshipledger.kernel.contract.ContractExpired;
import dev.relationshipledger.kernel.contract.ContractReinstated;
import dev.relationshipledger.kernel.contract.ContractRenewed;
import dev.relationshipledger.kernel.contract.ContractSigned;
import dev.relationshipledger.kernel.contract.ContractSuspended;
import dev.relationshipledger.kernel.contract.ContractTerminated;
import dev.relationshipledger.kernel.contract.ExpireContract;
import dev.relationshipledger.kernel.contract.ReinstateContract;
import dev.relationshipledger.kernel.contract.RenewContract;
import dev.relationshipledger.kernel.contract.SignContract;
import dev.relationshipledger.kernel.contract.SuspendContract;
import dev.relationshipledger.kernel.contract.TerminateContract;
import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.Terms;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

import static dev.relationshipledger.command.rules.Rules.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One contract with a counterparty, from signing to its end (terminated or expired). Keeps only what its rules
 * need: the relationship (for recording rights), the terms in force (an amendment records old and new), the end
 * date and the status. Dates are calendar days in UTC; a contract is in force up to and including {@code endsOn}
 * and expires from the day after.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver", cache = "contractCache")
public class Contract {

    /** The actor of commands the ledger sends itself (the expiry check); it holds no roles. */
    public static final UserName SYSTEM = UserName.of("system");

    static final String NEGOTIATION_AGREED = "negotiation-agreed";
    static final String NEGOTIATION_OF_THIS_RELATIONSHIP = "negotiation-of-this-relationship";
    static final String NEGOTIATION_SIGNED_ONCE = "negotiation-signed-once";
    static final String TERMS_AS_AGREED = "terms-as-agreed";
    static final String CONTRACT_IN_FORCE = "contract-in-force";
    static final String AMENDMENT_CHANGES_TERMS = "amendment-changes-terms";
    static final String RENEWS_AN_ACTIVE_CONTRACT = "renews-an-active-contract";
    static final String RENEWAL_EXTENDS_TERM = "renewal-extends-term";
    static final String SUSPENDS_AN_ACTIVE_CONTRACT = "suspends-an-active-contract";
    static final String REINSTATES_A_SUSPENDED_CONTRACT = "reinstates-a-suspended-contract";
    static final String TERMINATION_NOT_IN_FUTURE = "termination-not-in-future";
    static final String TERMINATION_WITHIN_TERM = "termination-within-term";
    static final String EXPIRES_AFTER_END_DATE = "expires-after-end-date";
    static final String CONTRACT_NOT_LAPSED = "contract-not-lapsed";

    @AggregateIdentifier
    private ContractId id;
    private RelationshipId relationshipId;
    private Terms terms;
    private LocalDate endsOn;
    private ContractStatus status;

    protected Contract() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public Contract(SignContract command, Actor actor, WriteAccess access, NegotiationOutcomes negotiations) {
        access.requireOpenRecorder(actor, command.relationshipId());
        Terms signed = command.negotiationId() == null ? command.terms() : agreedTerms(command, negotiations);
        apply(new ContractSigned(command.contractId(), command.relationshipId(), command.negotiationId(), signed,
                command.startsOn(), command.endsOn(), command.title()));
    }

    /** The negotiation was concluded as AGREED on this relationship and not signed yet; its terms are the contract's. */
    private static Terms agreedTerms(SignContract command, NegotiationOutcomes negotiations) {
        ConcludedNegotiation negotiation = negotiations.find(command.negotiationId()).orElseThrow(() ->
                new UnknownReference("no concluded negotiation " + command.negotiationId()
                        + " exists; a contract is signed from a negotiation concluded as AGREED"));
        require(negotiation.relationshipId().equals(command.relationshipId()), NEGOTIATION_OF_THIS_RELATIONSHIP,
                "negotiation " + command.negotiationId() + " belongs to another relationship");
        require(negotiation.outcome() == NegotiationOutcome.AGREED, NEGOTIATION_AGREED,
                "negotiation " + command.negotiationId() + " was concluded as " + negotiation.outcome()
                        + "; only an AGREED negotiation becomes a contract");
        require(negotiation.signedAs() == null, NEGOTIATION_SIGNED_ONCE,
                "contract " + negotiation.signedAs() + " was already signed from negotiation " + command.negotiationId());
        require(command.terms() == null || sameTerms(command.terms(), negotiation.agreedTerms()), TERMS_AS_AGREED,
                "the terms differ from the ones agreed in negotiation " + command.negotiationId()
                        + "; leave them out to carry the agreed terms over, or amend the contract once signed");
        return negotiation.agreedTerms();
    }

    @CommandHandler
    void handle(AmendContract command, Actor actor, WriteAccess access, Clock clock) {
        mayRecordInForce(actor, access);
        requireNotLapsed(clock);
        require(!sameTerms(command.terms(), terms), AMENDMENT_CHANGES_TERMS, "these are already the contract's terms");
        apply(new ContractAmended(id, relationshipId, terms, command.terms(), command.reason()));
    }

    @CommandHandler
    void handle(RenewContract command, Actor actor, WriteAccess access, Clock clock) {
        mayRecordInForce(actor, access);
        requireNotLapsed(clock);
        require(status == ContractStatus.ACTIVE, RENEWS_AN_ACTIVE_CONTRACT,
                "the contract is suspended; reinstate it before renewing it");
        require(command.newEndsOn().isAfter(endsOn), RENEWAL_EXTENDS_TERM,
                "the contract already runs until " + endsOn + "; a renewal must end later");
        apply(new ContractRenewed(id, relationshipId, endsOn, command.newEndsOn(),
                command.terms() == null ? terms : command.terms()));
    }

    @CommandHandler
    void handle(SuspendContract command, Actor actor, WriteAccess access, Clock clock) {
        mayRecordInForce(actor, access);
        requireNotLapsed(clock);
        require(status == ContractStatus.ACTIVE, SUSPENDS_AN_ACTIVE_CONTRACT, "the contract is already suspended");
        apply(new ContractSuspended(id, relationshipId, command.reason()));
    }

    @CommandHandler
    void handle(ReinstateContract command, Actor actor, WriteAccess access, Clock clock) {
        mayRecordInForce(actor, access);
        requireNotLapsed(clock);
        require(status == ContractStatus.SUSPENDED, REINSTATES_A_SUSPENDED_CONTRACT, "the contract is not suspended");
        apply(new ContractReinstated(id, relationshipId, command.reason()));
    }

    @CommandHandler
    void handle(TerminateContract command, Actor actor, WriteAccess access, Clock clock) {
        mayRecordInForce(actor, access);
        require(!command.effectiveOn().isAfter(today(clock)), TERMINATION_NOT_IN_FUTURE,
                "effectiveOn lies in the future; record the termination when it takes effect");
        require(!command.effectiveOn().isAfter(endsOn), TERMINATION_WITHIN_TERM,
                "the contract ends on " + endsOn + " anyway; a termination must take effect by then");
        apply(new ContractTerminated(id, relationshipId, command.reason(), command.effectiveOn()));
    }

    /**
     * Sent by the expiry check as {@link #SYSTEM} (no roles), which needs no recording rights; anyone else sending it
     * needs them. Either way the end date must have passed.
     */
    @CommandHandler
    void handle(ExpireContract command, Actor actor, WriteAccess access, Clock clock) {
        if (!(actor.is(SYSTEM) && actor.roles().isEmpty())) {
            access.requireRecorder(actor, relationshipId);
        }
        requireInForce();
        require(endsOn.isBefore(today(clock)), EXPIRES_AFTER_END_DATE,
                "the contract is in force until " + endsOn + " and expires only after that day");
        apply(new ContractExpired(id, relationshipId, endsOn));
    }

    private void mayRecordInForce(Actor actor, WriteAccess access) {
        access.requireRecorder(actor, relationshipId);
        requireInForce();
    }

    private void requireInForce() {
        require(status.inForce(), CONTRACT_IN_FORCE,
                "the contract is " + status + "; nothing more is recorded on it (sign a new contract instead)");
    }

    /**
     * Past its end date a contract has lapsed, whether or not the expiry check (every five minutes) has recorded it
     * yet: it is not amended, renewed, suspended or reinstated any more (a lapsed contract is not revived; sign a new
     * one). A termination that took effect within the term may still be recorded, and the expiry.
     */
    private void requireNotLapsed(Clock clock) {
        require(!endsOn.isBefore(today(clock)), CONTRACT_NOT_LAPSED,
                "the contract ended on " + endsOn + " and lapsed; sign a new contract instead");
    }

    private static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Equal terms, with numbers compared by value (1.0 and 1 are the same quantity). */
    static boolean sameTerms(Terms a, Terms b) {
        return a.price().equals(b.price())
                && sameNumber(a.quantity(), b.quantity())
                && Objects.equals(a.durationMonths(), b.durationMonths())
                && Objects.equals(a.paymentTermsDays(), b.paymentTermsDays())
                && sameNumber(a.discountPercent(), b.discountPercent())
                && a.conditions().equals(b.conditions());
    }

    private static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) == 0;
    }

    @EventSourcingHandler
    void on(ContractSigned event) {
        id = event.contractId();
        relationshipId = event.relationshipId();
        terms = event.terms();
        endsOn = event.endsOn();
        status = ContractStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(ContractAmended event) {
        terms = event.newTerms();
    }

    @EventSourcingHandler
    void on(ContractRenewed event) {
        endsOn = event.newEndsOn();
        terms = event.terms();
    }

    @EventSourcingHandler
    void on(ContractSuspended event) {
        status = ContractStatus.SUSPENDED;
    }

    @EventSourcingHandler
    void on(ContractReinstated event) {
        status = ContractStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(ContractTerminated event) {
        status = ContractStatus.TERMINATED;
    }

    @EventSourcingHandler
    void on(ContractExpired event) {
        status = ContractStatus.EXPIRED;
    }
}
