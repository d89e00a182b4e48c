package dev.relationshipledger.command.store;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateCacheTest {

    @Test
    void keepsAtMostItsCapacityAndLetsTheLeastRecentlyUsedGo() {
        AggregateCache cache = new AggregateCache(2);
        List<Object> expired = new ArrayList<>();
        cache.registerCacheEntryListener(new org.axonframework.common.caching.Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat((Integer) cache.get("a")).isEqualTo(1); // "b" is now the least recently used
        cache.put("c", 3);
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
        assertThat(expired).containsExactly("b");
    }

    @Test
    void eachAggregateTypeSeesOnlyItsOwnEntriesUnderOneSharedBound() {
        AggregateCache cache = new AggregateCache(2);
        org.axonframework.common.caching.Cache contracts = cache.forType("Contract");
        org.axonframework.common.caching.Cache complaints = cache.forType("Complaint");
        List<Object> expiredContracts = new ArrayList<>();
        contracts.registerCacheEntryListener(new org.axonframework.common.caching.Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expiredContracts.add(key);
            }
        });
        contracts.put("id-1", "a contract");
        assertThat((Object) complaints.get("id-1")).as("another type's id is not found").isNull();
        assertThat(complaints.containsKey("id-1")).isFalse();
        assertThat((Object) contracts.get("id-1")).isEqualTo("a contract");
        complaints.put("id-2", "a complaint");
        complaints.put("id-3", "another complaint");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(expiredContracts).containsExactly("id-1");
        complaints.removeAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void removesAndRefusesANonsensicalCapacity() {
        AggregateCache cache = new AggregateCache(10);
        cache.put("a", 1);
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat((Object) cache.get("a")).isNull();
        assertThatThrownBy(() -> new AggregateCache(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyALostAppendRaceIsDecidedAgainAndOnlyAsOftenAsConfigured() {
        RetryOnConcurrentAppend retry = new RetryOnConcurrentAppend(2);
        var command = GenericCommandMessage.asCommandMessage("any");
        AtomicInteger dispatched = new AtomicInteger();
        Runnable dispatch = dispatched::incrementAndGet;

        assertThat(retry.scheduleRetry(command, new ConcurrencyException("raced"), failures(1), dispatch)).isTrue();
        assertThat(retry.scheduleRetry(command, new ConcurrencyException("raced"), failures(2), dispatch)).isTrue();
        assertThat(retry.scheduleRetry(command, new ConcurrencyException("raced"), failures(3), dispatch)).isFalse();
        assertThat(retry.scheduleRetry(command, new ConflictingAggregateVersionException("id", 1, 2), failures(1),
                dispatch)).as("a stale If-Match is the client's answer").isFalse();
        assertThat(retry.scheduleRetry(command, new IllegalStateException("database gone"), failures(1), dispatch))
                .as("an unknown outcome is never sent twice").isFalse();
        assertThat(dispatched).hasValue(2);
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>[]> failures(int n) {
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            failures.add(new Class[]{ConcurrencyException.class});
        }
        return failures;
    }
}
