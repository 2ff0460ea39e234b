# syntax=docker/dockerfile:1
# Base images by tag; scripts/pin-base-images adds each one's digest (tag@sha256:...) where a registry is reachable, and
# a release build pins them so (docs/deployment.md). No digest is written by hand.
ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17-jre-noble

# Build with the project's own wrapper, run on a Java 17 runtime.
FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# Spring Boot's layers, each its share of the extracted layout (a thin sluice.jar beside lib/), the layout class data
# sharing needs: --launcher would leave the classes in directories, which CDS does not archive.
RUN ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/sluice.jar extract --layers --destination /src/extracted

FROM ${JRE_IMAGE}
# uid and gid 185 are those of the official Spark images' `spark` user: on a cluster the executors write the same table
# folders as the driver, over shared storage (docker-compose.yml). tini is PID 1: it forwards SIGTERM to the JVM (whose
# shutdown drains the runs) and reaps what Spark and Hadoop fork.
RUN apt-get update && apt-get install -y --no-install-recommends curl tini && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 185 sluice \
 && useradd --system --uid 185 --gid 185 --create-home --home-dir /var/lib/sluice sluice \
 && mkdir -p /var/lib/sluice/data /var/lib/sluice/config && chown -R 185:185 /var/lib/sluice
# The heap from the container's memory limit, the rest for metaspace, direct buffers and threads; an OutOfMemoryError
# ends the process, so that the orchestrator restarts it rather than a JVM in an unknown state running on. The
# module openings Spark needs are in the jar's manifest (Add-Opens): nothing here repeats them.
# (A local[*] engine binds its driver to 127.0.0.1 by itself; on a cluster, configure spark.driver.host.)
ENV SLUICE_DATA_DIR=/var/lib/sluice/data \
    JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
# One COPY per layer, the least changing first: a build that changes Sluice alone reuses the dependencies' layer.
COPY --from=build /src/extracted/dependencies/ /opt/sluice/
COPY --from=build /src/extracted/spring-boot-loader/ /opt/sluice/
COPY --from=build /src/extracted/snapshot-dependencies/ /opt/sluice/
COPY --from=build /src/extracted/application/ /opt/sluice/
# The training start warms the engine and exits; the archive of the classes it loaded takes about a third off every later
# start to readiness (docs/deployment.md). It must come from this image's JVM, and a failed training fails the build.
COPY scripts/train-cds /usr/local/bin/train-cds
RUN train-cds /opt/sluice
USER 185:185
WORKDIR /var/lib/sluice
VOLUME /var/lib/sluice/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=180s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["tini", "--", "sh", "-c", "exec java -XX:SharedArchiveFile=/opt/sluice/sluice.jsa $JAVA_OPTS -jar /opt/sluice/sluice.jar \"$@\"", "sluice"]
