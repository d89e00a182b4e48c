/**
 * The tamper evidence of the ledger as plain Java (JDK, JDBC and Jackson only, no Spring, no Axon): the canonical
 * encoding and hashing of events into a chain, the linker that extends it, signed checkpoints and their keys,
 * verification of the chain, and evidence packs. The command side runs it, the offline verifier in {@code deploy}
 * ({@code VerifyLedger}) runs exactly the same code without any application, and the tests exercise it directly.
 * Decision record: docs/decisions/0006-hash-chain.md.
 */
package dev.relationshipledger.command.chain.proof;
