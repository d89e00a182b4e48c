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
import java.util.function.LongConsumer;

/**
 * Axon's insert of a command's events, with the positions the database drew for them returned by the insert itself
 * ({@code RETURNING global_index}): the command's answer carries the position of its last event, which otherwise
 * cost one more query, in a transaction of its own, after every command.
 *
 * <p>The insert stays Axon's own ({@link JdbcEventStorageEngineStatements#appendEvents}, same columns and values);
 * only its statement is prepared to return the position column, and the positions are read right after Axon
 * executes the batch, before Axon closes the statement. The position column is set by the append trigger (V9), so
 * the returned value is the one stored.
 */
final class PositionReturningAppends implements AppendEventsStatementBuilder {

    private final LongConsumer lastPosition;

    /** {@code lastPosition} is told the position of the last event of every batch appended. */
    PositionReturningAppends(LongConsumer lastPosition) {
        this.lastPosition = lastPosition;
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        Connection returning = proxy(Connection.class, connection, (method, args) ->
                method.getName().equals("prepareStatement") && args.length == 1
                        ? reportingPositions(connection.prepareStatement((String) args[0],
                        new String[]{schema.globalIndexColumn()}))
                        : method.invoke(connection, args));
        return JdbcEventStorageEngineStatements.appendEvents(returning, schema, dataType, events, serializer,
                timestampWriter);
    }

    private PreparedStatement reportingPositions(PreparedStatement insert) {
        return proxy(PreparedStatement.class, insert, (method, args) -> {
            Object result = method.invoke(insert, args);
            if (method.getName().equals("executeBatch")) {
                try (ResultSet positions = insert.getGeneratedKeys()) {
                    long last = -1;
                    while (positions.next()) {
                        last = positions.getLong(1);
                    }
                    if (last >= 0) {
                        lastPosition.accept(last);
                    }
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
