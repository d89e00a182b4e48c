# The command side as a container. Build from the repository root after `mvn -B -DskipTests package`:
#   docker build -f deploy/docker/command-side.Dockerfile -t relationship-ledger/command-side:0.1.0 .
# Configuration comes from the environment (LEDGER_DB_URL, LEDGER_DB_USER, LEDGER_DB_PASSWORD, LEDGER_DB_COMMAND_USER,
# LEDGER_DB_COMMAND_PASSWORD, ...; see README.md, "Configuration reference") and the users from a mounted file named by
# SPRING_CONFIG_ADDITIONAL_LOCATION (e.g. file:/etc/ledger/users.yml).
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin ledger
WORKDIR /app
COPY command-side/target/command-side-0.1.0-exec.jar /app/command-side.jar
# Where LEDGER_CHAIN_CHECKPOINT_DIR points in Compose and Kubernetes: a volume mounted here starts owned by the ledger.
RUN mkdir -p /var/lib/ledger/checkpoints && chown 10001 /var/lib/ledger/checkpoints
USER 10001
EXPOSE 8081
# No update check at start-up (Axon 4.13 reads AXONIQ_UPDATE_CHECKER_DISABLED); heap sized from the container's memory limit.
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-Daxoniq.update-checker.disabled=true", "-jar", "/app/command-side.jar"]
