package dev.relationshipledger.command.store;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.Serializer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Axon's insert of a transaction's events, with the positions the database drew for them returned by the insert
 * itself ({@code RETURNING global_index}): each command's answer carries the position of its last event, which
 * otherwise cost one more query, in a transaction of its own, after every command.
 *
 * <p>The insert stays Axon's own ({@link JdbcEventStorageEngineStatements#appendEvents}, same columns and values);
 * only its statement is prepared to return the position column, and the positions are read right after Axon
 * executes the batch, before Axon closes the statement. The position column is set by the append trigger (V9), so
 * the returned value is the one stored.
 */
final class PositionReturningAppends implements AppendEventsStatementBuilder {

    private final BiConsumer<List<? extends EventMessage<?>>, long[]> positions;

    /** {@code positions} is told the events of every batch appended and their positions, in the same order. */
    PositionReturningAppends(BiConsumer<List<? extends EventMessage<?>>, long[]> positions) {
        this.positions = positions;
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        Connection returning = proxy(Connection.class, connection, (method, args) ->
                method.getName().equals("prepareStatement") && args.length == 1
                        ? reportingPositions(connection.prepareStatement((String) args[0],
                        new String[]{schema.globalIndexColumn()}), events)
                        : method.invoke(connection, args));
        return JdbcEventStorageEngineStatements.appendEvents(returning, schema, dataType, events, serializer,
                timestampWriter);
    }

    private PreparedStatement reportingPositions(PreparedStatement insert, List<? extends EventMessage<?>> events) {
        return proxy(PreparedStatement.class, insert, (method, args) -> {
            Object result = method.invoke(insert, args);
            if (method.getName().equals("executeBatch")) {
                // one row per event, in the order Axon added them to the batch: the order of the events
                long[] drawn = new long[events.size()];
                int count = 0;
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    while (keys.next() && count < drawn.length) {
                        drawn[count++] = keys.getLong(1);
                    }
                }
                // fewer rows than events: no position can be matched to its event, so none is (the answers fail)
                if (count == drawn.length) {
                    positions.accept(events, drawn);
                }
            }
            return result;
        });
    }

    private interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        return type.cast(Proxy.newProxyInstance(PositionReturningAppends.class.getClassLoader(), new Class<?>[]{type},
                (self, method, args) -> {
                    try {
                        return call.invoke(method, args == null ? new Object[0] : args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }
}
