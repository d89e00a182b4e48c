#!/usr/bin/env bash
# Runs the offline verifier (dev.relationshipledger.deploy.verify.VerifyLedger) from the launcher's fat jar: the
# verifier is not the jar's main class, so Spring Boot's PropertiesLauncher starts it (loader.main).
# Usage: deploy/scripts/verify-ledger.sh --db jdbc:postgresql://localhost:15432/ledger --user postgres \
#          --public-key ledger-data/keys/chain-signing-key.pub.pem [--checkpoint file.json] [--from N] [--to N]
#        deploy/scripts/verify-ledger.sh --pack evidence.zip --public-key key.pem
# Exit codes: 0 intact, 1 tampered, 2 usage error, 3 could not check (e.g. a file that is not an evidence pack, a
# public key that signed no stored checkpoint; README "Verifying the ledger"). Password: LEDGER_VERIFY_PASSWORD.
set -euo pipefail
jar="${LEDGER_JAR:-$(dirname "$0")/../target/relationship-ledger.jar}"
exec java -cp "$jar" -Dloader.main=dev.relationshipledger.deploy.verify.VerifyLedger \
    org.springframework.boot.loader.launch.PropertiesLauncher "$@"
