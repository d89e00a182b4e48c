package dev.relationshipledger.command;

import org.springframework.test.context.TestPropertySource;

/**
 * Every race of {@link ConcurrencyTest} again with group commit off (decision 0018): each command in a transaction
 * of its own, as operators who set {@code LEDGER_GROUP_COMMIT=false} run it.
 */
@TestPropertySource(properties = "ledger.commands.group-commit.enabled=false")
class ConcurrencyWithoutGroupCommitTest extends ConcurrencyTest {
}
