package dev.relationshipledger.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.command.idempotency.IdempotencyKeys;
import dev.relationshipledger.command.idempotency.IdempotencyRecording;
import dev.relationshipledger.command.idempotency.KeyReusedForAnotherRequest;
import dev.relationshipledger.command.store.AppendTracking.Appended;
import dev.relationshipledger.command.store.EventStoreConfiguration;
import dev.relationshipledger.command.store.EventTables;
import dev.relationshipledger.command.store.LedgerCommandTargetResolver;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.message.LedgerCommand;
import dev.relationshipledger.support.web.DatabaseUnavailable;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a command on behalf of the authenticated actor and answers with what it appended. The metadata every event
 * inherits (actor, roles, correlation, causation, expected version) is set here and only here, from the security
 * context and the HTTP request, never from a request body.
 *
 * <p>With an {@code Idempotency-Key}, a retry of the same request (same path and body, same user) is answered with
 * the original answer and appends nothing; the same key with another request is refused (422).
 *
 * <p>A request waits at most {@code ledger.commands.answer-timeout} for its command's answer ({@link NoAnswerInTime},
 * 503), so that a node whose committers are held up does not pile up the web server's threads behind them.
 */
@Component
public class CommandSender {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final ObjectMapper CANONICAL = LedgerJson.newMapper();

    private final CommandGateway gateway;
    private final JdbcTemplate jdbc;
    private final IdempotencyKeys idempotencyKeys;
    private final Duration answerTimeout;

    public CommandSender(CommandGateway gateway, JdbcTemplate jdbc, IdempotencyKeys idempotencyKeys,
                         @Value("${ledger.commands.answer-timeout}") Duration answerTimeout) {
        if (answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("ledger.commands.answer-timeout must be above 0, not " + answerTimeout);
        }
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.idempotencyKeys = idempotencyKeys;
        this.answerTimeout = answerTimeout;
    }

    /** Sends a command that creates an aggregate: 201 with the new aggregate's location. */
    public ResponseEntity<CommandAccepted> create(String collectionPath, Object request, LedgerCommand command,
                                                  RequestContext context) {
        Sent sent = send(request, command, context);
        return withReplayHeader(ResponseEntity.created(URI.create(collectionPath + "/" + sent.accepted().aggregateId())), sent);
    }

    /** Sends a command that creates something inside an aggregate (a contact, a proposal): 201 at {@code location}. */
    public ResponseEntity<CommandAccepted> createAt(String location, Object request, LedgerCommand command,
                                                    RequestContext context) {
        return withReplayHeader(ResponseEntity.created(URI.create(location)), send(request, command, context));
    }

    /** Sends a command that changes an existing aggregate: 200. */
    public ResponseEntity<CommandAccepted> change(Object request, LedgerCommand command, RequestContext context) {
        return withReplayHeader(ResponseEntity.ok(), send(request, command, context));
    }

    private static ResponseEntity<CommandAccepted> withReplayHeader(ResponseEntity.BodyBuilder response, Sent sent) {
        if (sent.replayed()) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.body(sent.accepted());
    }

    /** The answer, and whether it was a remembered one. */
    public record Sent(CommandAccepted accepted, boolean replayed) {
    }

    public Sent send(Object request, LedgerCommand command, RequestContext context) {
        String actor = context.actor().name().value();
        byte[] hash = null;
        if (context.idempotencyKey() != null) {
            hash = fingerprint(context.path(), request);
            Optional<Sent> remembered = remembered(actor, context.idempotencyKey(), hash);
            if (remembered.isPresent()) {
                return remembered.get();
            }
        }
        try {
            Appended appended = answerTo(
                    GenericCommandMessage.asCommandMessage(command).andMetaData(metaData(context, hash)));
            if (!appended.anything() || appended.position() < 0) {
                throw new IllegalStateException("command " + command.getClass().getSimpleName()
                        + " appended no event, or its position was not returned");
            }
            return new Sent(new CommandAccepted(appended.aggregateId(), appended.version(), appended.position()), false);
        } catch (RuntimeException raced) {
            // A concurrent request with the same key may have committed first: on the key or on the id derived from
            // it (a duplicate key), or on the aggregate, whose new state then refuses ours (a contact logged once, a
            // relationship closed once). Ours appended nothing; the retry gets the first one's answer, as any retry.
            // (not while the database is down: the lookup would only wait for the pool before the same 503)
            if (hash != null && !DatabaseUnavailable.causeOf(raced)) {
                Optional<Sent> remembered;
                try {
                    remembered = remembered(actor, context.idempotencyKey(), hash);
                } catch (RuntimeException lookup) {
                    if (lookup instanceof KeyReusedForAnotherRequest) {
                        throw lookup;
                    }
                    raced.addSuppressed(lookup);
                    throw raced;
                }
                if (remembered.isPresent()) {
                    return remembered.get();
                }
            }
            throw raced;
        }
    }

    private Appended answerTo(Object command) {
        try {
            return gateway.sendAndWait(command, answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new NoAnswerInTime(answerTimeout);
            }
            throw e;
        }
    }

    /**
     * No answer within {@code ledger.commands.answer-timeout}: the command may still be stored afterwards, so its
     * outcome is unknown; a retry with the same Idempotency-Key is answered with it if it was.
     */
    public static final class NoAnswerInTime extends RuntimeException {
        NoAnswerInTime(Duration waited) {
            super("no answer within " + waited.toMillis() + " ms", null, false, false);
        }
    }

    private Optional<Sent> remembered(String actor, String key, byte[] hash) {
        return idempotencyKeys.find(actor, key).map(found -> {
            if (!Arrays.equals(found.requestHash(), hash)) {
                throw new KeyReusedForAnotherRequest(key);
            }
            return new Sent(accepted(found.aggregateId(), found.version()), true);
        });
    }

    private static MetaData metaData(RequestContext context, byte[] hash) {
        Map<String, Object> metaData = new HashMap<>();
        Actor actor = context.actor();
        metaData.put(Actor.NAME_KEY, actor.name().value());
        metaData.put(Actor.ROLES_KEY, actor.rolesText());
        metaData.put(EventStoreConfiguration.CORRELATION_ID, context.correlationId());
        metaData.put(EventStoreConfiguration.CAUSATION_ID, context.requestId());
        if (context.expectedVersion() != null) {
            metaData.put(LedgerCommandTargetResolver.EXPECTED_VERSION, context.expectedVersion());
        }
        if (hash != null) {
            metaData.put(IdempotencyRecording.KEY, context.idempotencyKey());
            metaData.put(IdempotencyRecording.REQUEST_HASH, HexFormat.of().formatHex(hash));
        }
        return MetaData.from(metaData);
    }

    /** The answer remembered under an idempotency key, with the position looked up. */
    private CommandAccepted accepted(String aggregateId, long version) {
        Long position = jdbc.queryForObject(
                "SELECT global_index FROM " + EventTables.EVENTS + " WHERE aggregate_identifier = ? AND sequence_number = ?",
                Long.class, aggregateId, version);
        return new CommandAccepted(aggregateId, version, position == null ? -1 : position);
    }

    /** SHA-256 of the path and the request as parsed (canonical JSON), so formatting differences do not matter. */
    private static byte[] fingerprint(String path, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(CANONICAL.writeValueAsBytes(request));
            return digest.digest();
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }
}
