package dev.relationshipledger.command.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.kernel.validation.StorableText;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

/**
 * Request bodies are read as they are written, never converted: a JSON value of the wrong type is a client mistake
 * (400 naming the field, as the README's table of refusals says), not something to store as a guess. {@code 123}
 * where a name is expected, {@code "100"} for an amount, {@code 1700000000} for an instant were all silently
 * converted and recorded before.
 *
 * <p>The rules Spring Boot offers as properties are in command-side.yml next to the other {@code spring.jackson}
 * settings (no coercion of scalars: {@code "100"} is not a number, {@code "true"} not a boolean; no enum by its
 * index; duplicate keys refused; strict java.time parsing: {@code "2027-01-01T00:00:00Z"} is not a date). The two
 * Boot has no property for are here:
 * <ul>
 *     <li>a number or a boolean is not text: Jackson treats text as no "scalar", so
 *     {@code ALLOW_COERCION_OF_SCALARS} leaves it convertible and it needs its own coercion config;</li>
 *     <li>a date or an instant is ISO-8601 text only: Jackson's java.time deserializers take epoch numbers (an
 *     {@code Instant} even when strict) and arrays ({@code [2027,1,1]}), which no client of this API means;</li>
 *     <li>text is what PostgreSQL can store and a reader can see ({@link StorableText}): no U+0000 (one such
 *     character in a counterparty's name stalled the status projection for good), no unpaired surrogate, and not
 *     only no-break or zero-width spaces where {@code isBlank} sees text. Checked here, where text enters the
 *     ledger, not in the messages' constructors, which also read stored events.</li>
 * </ul>
 *
 * <p>Only Spring MVC's mapper (request bodies in, problems out) is configured here. Events, snapshots and the request
 * fingerprint of idempotency keys use {@link dev.relationshipledger.kernel.json.LedgerJson}, which stays lenient
 * so that stored history reads exactly as before.
 */
@Configuration(proxyBeanMethods = false)
public class StrictRequestJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            mapper.registerModule(new SimpleModule("ledger-time-as-text").setDeserializerModifier(new TimeAsTextOnly()));
            mapper.registerModule(new SimpleModule("ledger-storable-text").addDeserializer(String.class,
                    new StorableStrings()));
        });
    }

    /** Wraps the deserializer of every java.time type so that it sees nothing but a string (or null). */
    static final class TimeAsTextOnly extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                      JsonDeserializer<?> deserializer) {
            Class<?> type = description.getBeanClass();
            return type.getPackageName().equals("java.time") ? new TextOnly(deserializer) : deserializer;
        }
    }

    static final class TextOnly extends DelegatingDeserializer {
        TextOnly(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new TextOnly(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return context.handleUnexpectedToken(handledType(), p);
            }
            return super.deserialize(p, context);
        }
    }

    /** Every string of a request body, wherever it is (a field, a list's element), as {@link StorableText} allows. */
    static final class StorableStrings extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(p, context);
            String unstorable = StorableText.problem(text);
            if (unstorable != null) {
                throw InvalidValue.ofSelf(unstorable);
            }
            if (StorableText.invisible(text)) {
                throw InvalidValue.ofSelf("is blank: only space or invisible characters");
            }
            return text;
        }
    }
}
