package dev.relationshipledger.command.store;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

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
 * <p>Correctness does not depend on it. Axon drops an aggregate from the cache when its unit of work rolls back; an
 * aggregate cached here that another command node has moved on is detected by the event table's unique key when
 * this node appends (a {@code ConcurrencyException}), rolled back, evicted, and the command is decided again on the
 * fresh state ({@link RetryOnConcurrentAppend}).
 */
public final class AggregateCache implements Cache {

    private final int capacity;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedHashMap<Object, Object> entries;

    public AggregateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the aggregate cache needs room for at least one aggregate");
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                if (size() <= AggregateCache.this.capacity) {
                    return false;
                }
                listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
                return true;
            }
        };
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
        listeners.forEach(l -> {
            if (existed) {
                l.onEntryUpdated(key, value);
            } else {
                l.onEntryCreated(key, value);
            }
        });
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
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        List<Object> keys = List.copyOf(entries.keySet());
        entries.clear();
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
