# The query side as a container. Build from the repository root after `mvn -B -DskipTests package`:
#   docker build -f deploy/docker/query-side.Dockerfile -t relationship-ledger/query-side:0.1.0 .
# Configuration comes from the environment (LEDGER_DB_URL, LEDGER_DB_USER, LEDGER_DB_PASSWORD, LEDGER_DB_QUERY_USER,
# LEDGER_DB_QUERY_PASSWORD, ...; see README.md, "Configuration reference") and the users from a mounted file named by
# SPRING_CONFIG_ADDITIONAL_LOCATION (e.g. file:/etc/ledger/users.yml).
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin ledger
WORKDIR /app
COPY query-side/target/query-side-0.1.0-exec.jar /app/query-side.jar
USER 10001
EXPOSE 8082
# No update check at start-up (Axon 4.13 reads AXONIQ_UPDATE_CHECKER_DISABLED); heap sized from the container's memory limit.
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-Daxoniq.update-checker.disabled=true", "-jar", "/app/query-side.jar"]
