package dev.relationshipledger.command.store;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * A command's transaction takes its connection from the pool at its first statement, not when it begins.
 *
 * <p>Why: Axon begins the transaction before the repository takes the aggregate's lock. A command queued behind
 * others on a busy relationship used to hold a pooled connection while it waited, and commands for every other
 * relationship then waited for the pool (fourteenth round of the benchmarks: when a command began to wait for the
 * pool, 5.6 of the 20 connections were, on average, held by commands waiting for an aggregate's lock). Now a command
 * waits for its aggregate first, holding nothing, and for a connection once it has something to read or write. A
 * command refused before any statement never takes one.
 *
 * <p>Every user of the data source (the transaction manager, Axon's engine, the JDBC templates) gets the same
 * wrapped one, so all statements of a transaction still run on its one connection. The defaults below are the
 * pool's and PostgreSQL's, given here so that starting takes no connection to ask for them.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionAtFirstStatement {

    /** The bean Spring Boot's data source auto-configuration defines. */
    static final String DATA_SOURCE = "dataSource";

    @Bean
    static BeanPostProcessor lendConnectionsAtFirstStatement() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!DATA_SOURCE.equals(name) || !(bean instanceof DataSource pool)
                        || bean instanceof LazyConnectionDataSourceProxy) {
                    return bean;
                }
                LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(pool);
                lazy.setDefaultAutoCommit(true);
                lazy.setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                return lazy;
            }
        };
    }
}
