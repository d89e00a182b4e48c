package dev.relationshipledger.command.idempotency;

import dev.relationshipledger.command.store.AppendTracking;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.complaint.AcknowledgeComplaint;
import dev.relationshipledger.kernel.complaint.ComplaintCommand;
import dev.relationshipledger.kernel.complaint.CorrectComplaintDetails;
import dev.relationshipledger.kernel.complaint.FileComplaint;
import dev.relationshipledger.kernel.complaint.ResolveComplaint;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.relationship.AddCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CorrectContactSummary;
import dev.relationshipledger.kernel.relationship.LogContact;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;


/**
 * Writes the idempotency row of a command that carries a key, in the same transaction as its events: after the
 * events are stored, before the commit ({@link AppendTracking#onceStored}; in a group of commands, in the group's
 * transaction).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class IdempotencyRecording {

    public static final String KEY = "idempotencyKey";
    public static final String REQUEST_HASH = "idempotencyRequestHash";

    @Autowired
    public void register(CommandBus commandBus, IdempotencyKeys keys) {
        commandBus.registerHandlerInterceptor(new Recorder(keys));
    }

    private record Recorder(IdempotencyKeys keys) implements MessageHandlerInterceptor<CommandMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
            Object result = chain.proceed();
            var metaData = unitOfWork.getMessage().getMetaData();
            String key = (String) metaData.get(KEY);
            if (key != null) {
                String actor = (String) metaData.get(Actor.NAME_KEY);
                byte[] hash = java.util.HexFormat.of().parseHex((String) metaData.get(REQUEST_HASH));
                Object command = unitOfWork.getMessage().getPayload();
                unitOfWork.onPrepareCommit(u -> AppendTracking.onceStored(u, appended -> {
                    if (appended.anything()) {
                        keys.remember(actor, key, hash, appended.aggregateId(), appended.version(),
                                sealedBy(command, appended));
                    }
                }));
            }
            return result;
        }

        /**
         * Whose sealed values the command recorded, so that their erasure can forget its fingerprint. A complaint's
         * commands name the complaint only; its relationship is the one of the event appended.
         */
        private static KeyHolder sealedBy(Object command, AppendTracking.Appended appended) {
            if (command instanceof AddCounterpartyPerson added) {
                return new KeyHolder.Person(added.relationshipId(), added.person().personId());
            }
            if (command instanceof LogContact logged) {
                return new KeyHolder.Contact(logged.relationshipId(), logged.contactId());
            }
            if (command instanceof CorrectContactSummary corrected) {
                return new KeyHolder.Contact(corrected.relationshipId(), corrected.contactId());
            }
            boolean complaintText = command instanceof FileComplaint
                    || command instanceof AcknowledgeComplaint acknowledged && acknowledged.note() != null
                    || command instanceof ResolveComplaint
                    || command instanceof CorrectComplaintDetails; // its event carries the description on
            if (complaintText) {
                return new KeyHolder.Complaint(appended.relationshipId(), ((ComplaintCommand) command).complaintId());
            }
            return null;
        }
    }
}
