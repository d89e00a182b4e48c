package dev.relationshipledger.deploy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries between the modules, checked on the compiled classes of all of them. */
class ArchitectureTest {

    static JavaClasses ledger;

    @BeforeAll
    static void importClasses() {
        ledger = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.relationshipledger");
    }

    @Test
    void theQuerySideNeverDependsOnTheCommandSide() {
        noClasses().that().resideInAPackage("dev.relationshipledger.query..")
                .should().dependOnClassesThat().resideInAPackage("dev.relationshipledger.command..")
                .check(ledger);
    }

    @Test
    void theSharedSpringSupportDependsOnNeitherSideNorTheDomain() {
        noClasses().that().resideInAPackage("dev.relationshipledger.support..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.relationshipledger.command..",
                        "dev.relationshipledger.query..", "dev.relationshipledger.kernel..")
                .check(ledger);
    }

    @Test
    void theCommandSideNeverDependsOnTheQuerySide() {
        noClasses().that().resideInAPackage("dev.relationshipledger.command..")
                .should().dependOnClassesThat().resideInAPackage("dev.relationshipledger.query..")
                .check(ledger);
    }

    @Test
    void theSharedKernelDependsOnNeitherSpringNorJpaNorEitherSide() {
        noClasses().that().resideInAPackage("dev.relationshipledger.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.persistence..", "javax.persistence..", "org.hibernate..",
                        "org.axonframework..", "dev.relationshipledger.command..", "dev.relationshipledger.query..")
                .check(ledger);
    }

    @Test
    void theFoldIsPlainCode() {
        noClasses().that().resideInAPackage("dev.relationshipledger.query.fold..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.axonframework..", "java.sql..", "javax.sql..")
                .check(ledger);
    }

    @Test
    void theChainsProofCodeAndTheOfflineVerifierArePlainJava() {
        noClasses().that().resideInAnyPackage("dev.relationshipledger.command.chain.proof..",
                        "dev.relationshipledger.deploy.verify..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                        "dev.relationshipledger.query..")
                .check(ledger);
        // The proof code needs only the JDK (JDBC, crypto, zip) and Jackson: the offline verifier carries nothing else.
        classes().that().resideInAPackage("dev.relationshipledger.command.chain.proof..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.relationshipledger.command.chain.proof..",
                        "java..", "javax..", "com.fasterxml.jackson..")
                .check(ledger);
    }
}
