package dev.relationshipledger.command.store;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The command side's aggregates, kept in memory between commands: without it every command replays its
 * aggregate's events since the last snapshot (the benchmark's profile: most of the command side's CPU, Jackson
 * reading events back). Bounded, least recently used first out, strong references (a weak-reference cache would
 * lose the hot aggregates at every young collection).
 *
 * <p>Two bounds: the number of aggregates, and the ids they hold between them ({@link Weighed}). Most aggregates are
 * a few KiB whatever their history, but a relationship keeps the id of every contact it has logged, so the first
 * bound alone lets the heap grow with the busiest relationships' histories.
 *
 * <p>Correctness does not depend on it. Axon drops an aggregate from the cache when its unit of work rolls back; an
 * aggregate cached here that another command node has moved on is detected by the event table's unique key when
 * this node appends (a {@code ConcurrencyException}), rolled back, evicted, and the command is decided again on the
 * fresh state ({@link RetryOnConcurrentAppend}).
 */
public final class AggregateCache implements Cache {

    /**
     * An aggregate whose memory grows with its history: it tells how many ids (contacts, people, ...) it holds. Read
     * when Axon puts the aggregate back after each command it handled.
     */
    public interface Weighed {
        int heldIds();
    }

    /**
     * Axon's cache entry does not show the aggregate it holds; the field is read instead. Should an Axon upgrade
     * rename it, this fails when the class loads, and the cache's tests with it, rather than the bound going quiet.
     */
    private static final VarHandle CACHED_ROOT;

    static {
        try {
            CACHED_ROOT = MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "aggregateRoot", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final long maxHeldIds;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedHashMap<Object, Object> entries;
    /** Only the entries that hold ids; their sum is {@link #heldIds}. */
    private final Map<Object, Integer> idsByKey = new HashMap<>();
    private long heldIds;

    public AggregateCache(int capacity, long maxHeldIds) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the aggregate cache needs room for at least one aggregate");
        }
        if (maxHeldIds < 0) {
            throw new IllegalArgumentException("the aggregate cache's bound on held ids cannot be negative");
        }
        this.capacity = capacity;
        this.maxHeldIds = maxHeldIds;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    /** The ids an aggregate in this cache holds; 0 for anything that is not {@link Weighed}. */
    static int heldIdsOf(Object value) {
        Object aggregate = value instanceof AggregateCacheEntry<?> entry ? CACHED_ROOT.get(entry) : value;
        return aggregate instanceof Weighed weighed ? weighed.heldIds() : 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value != null) {
            listeners.forEach(l -> l.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        boolean existed = entries.put(key, value) != null;
        weigh(key, heldIdsOf(value));
        listeners.forEach(l -> {
            if (existed) {
                l.onEntryUpdated(key, value);
            } else {
                l.onEntryCreated(key, value);
            }
        });
        evictBeyondBounds();
    }

    private void weigh(Object key, int ids) {
        Integer before = ids > 0 ? idsByKey.put(key, ids) : idsByKey.remove(key);
        heldIds += ids - (before == null ? 0 : before);
    }

    /**
     * The least recently used go first, until both bounds hold. The aggregate just put may go too, if it alone holds
     * more ids than allowed: its next command loads it from its snapshot.
     */
    private void evictBeyondBounds() {
        Iterator<Map.Entry<Object, Object>> eldestFirst = entries.entrySet().iterator();
        while (eldestFirst.hasNext() && (entries.size() > capacity || heldIds > maxHeldIds)) {
            Object key = eldestFirst.next().getKey();
            eldestFirst.remove();
            weigh(key, 0);
            listeners.forEach(l -> l.onEntryExpired(key));
        }
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public synchronized boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            weigh(key, 0);
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        List<Object> keys = List.copyOf(entries.keySet());
        entries.clear();
        idsByKey.clear();
        heldIds = 0;
        keys.forEach(key -> listeners.forEach(l -> l.onEntryRemoved(key)));
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** The ids the cached aggregates hold between them. */
    public synchronized long heldIds() {
        return heldIds;
    }

    /**
     * This cache as one aggregate type's repository sees it: keyed by that type and the id, so that an id of another
     * type is never found here. Axon keys a cache by aggregate id alone; with one cache for every type, a command
     * for a complaint sent with a contract's id found the cached contract, which has no handler for it: a 500
     * while the contract was cached, a 404 once it was not. All types still share one bound.
     */
    public Cache forType(String type) {
        return new TypedView(type);
    }

    private record TypedKey(String type, Object id) {
    }

    private final class TypedView implements Cache {

        private final String type;

        TypedView(String type) {
            this.type = type;
        }

        private TypedKey key(Object id) {
            return new TypedKey(type, id);
        }

        @Override
        public <K, V> V get(K id) {
            return AggregateCache.this.get(key(id));
        }

        @Override
        public void put(Object id, Object value) {
            AggregateCache.this.put(key(id), value);
        }

        @Override
        public boolean putIfAbsent(Object id, Object value) {
            return AggregateCache.this.putIfAbsent(key(id), value);
        }

        @Override
        public boolean remove(Object id) {
            return AggregateCache.this.remove(key(id));
        }

        @Override
        public void removeAll() {
            List<Object> mine;
            synchronized (AggregateCache.this) {
                mine = entries.keySet().stream().filter(k -> k instanceof TypedKey t && t.type().equals(type)).toList();
            }
            mine.forEach(AggregateCache.this::remove);
        }

        @Override
        public boolean containsKey(Object id) {
            return AggregateCache.this.containsKey(key(id));
        }

        /** The listener hears of this type's entries only, by their ids. */
        @Override
        public Registration registerCacheEntryListener(EntryListener listener) {
            return AggregateCache.this.registerCacheEntryListener(new EntryListenerAdapter() {
                private Object mine(Object key) {
                    return key instanceof TypedKey t && t.type().equals(type) ? t.id() : null;
                }

                @Override
                public void onEntryExpired(Object key) {
                    Object id = mine(key);
                    if (id != null) {
                        listener.onEntryExpired(id);
                    }
                }

                @Override
                public void onEntryRemoved(Object key) {
                    Object id = mine(key);
                    if (id != null) {
                        listener.onEntryRemoved(id);
                    }
                }

                @Override
                public void onEntryUpdated(Object key, Object value) {
                    Object id = mine(key);
                    if (id != null) {
                        listener.onEntryUpdated(id, value);
                    }
                }

                @Override
                public void onEntryCreated(Object key, Object value) {
                    Object id = mine(key);
                    if (id != null) {
                        listener.onEntryCreated(id, value);
                    }
                }

                @Override
                public void onEntryRead(Object key, Object value) {
                    Object id = mine(key);
                    if (id != null) {
                        listener.onEntryRead(id, value);
                    }
                }
            });
        }
    }
}
