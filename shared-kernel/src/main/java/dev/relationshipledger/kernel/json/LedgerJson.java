package dev.relationshipledger.kernel.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.relationshipledger.kernel.personaldata.PersonalDataKeys;
import dev.relationshipledger.kernel.personaldata.PersonalDataModule;

/**
 * The one JSON form of every stored message. Both sides (and the offline verifier) read events through it, so it
 * lives here rather than in either application.
 *
 * <p>Deliberately conservative: no default typing (a stored payload can never choose which class gets built),
 * ISO-8601 instants, unknown properties ignored on read so that an older reader survives an added field, and
 * properties in a stable order so that the same event always serializes to the same bytes.
 */
public final class LedgerJson {

    private LedgerJson() {
    }

    /** For JSON that holds no event a person's details are sealed in: read models, checkpoints, responses. */
    public static ObjectMapper newMapper() {
        return builder().build();
    }

    /**
     * For events as stored: what they hold about people is sealed on the way in and opened (or read as erased) on
     * the way out with the given keys (decisions 0019, 0021 and 0022), a contact's and a complaint's text included.
     * For the readers that show an event to someone, and for tools.
     */
    public static ObjectMapper newEventMapper(PersonalDataKeys keys) {
        return newEventMapper(keys, PersonalDataModule.FreeText.OPENED);
    }

    /**
     * As {@link #newEventMapper(PersonalDataKeys)}, with a contact's and a complaint's text opened on the way out or
     * left sealed as {@code freeText} says: the event store's serializers open only what their rules read.
     */
    public static ObjectMapper newEventMapper(PersonalDataKeys keys, PersonalDataModule.FreeText freeText) {
        return builder().addModule(new PersonalDataModule(keys, freeText)).build();
    }

    private static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new ParameterNamesModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .serializationInclusion(JsonInclude.Include.ALWAYS);
    }
}
