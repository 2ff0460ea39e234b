# syntax=docker/dockerfile:1
# Build with the project's own wrapper, run on a Java 17 runtime.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/sluice.jar extract --destination /src/extracted

FROM eclipse-temurin:17-jre
# uid 185 is the `spark` user of the official Spark images: on a cluster the executors write the same
# table folders as the driver, over shared storage (docker-compose.yml).
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 185 --create-home --home-dir /var/lib/sluice sluice \
 && mkdir -p /var/lib/sluice/data /var/lib/sluice/config && chown -R sluice /var/lib/sluice
# The jar's manifest carries the --add-opens Spark needs; JDK_JAVA_OPTIONS repeats Spark's whole
# launcher list so the image works the same if the jar is ever run another way.
# (A local[*] engine binds its driver to 127.0.0.1 by itself; on a cluster, configure spark.driver.host.)
ENV SLUICE_DATA_DIR=/var/lib/sluice/data \
    JAVA_OPTS="-Xmx4g" \
    JDK_JAVA_OPTIONS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
# Extracted (a thin jar and lib/), the layout class data sharing needs. The training run starts the service,
# warms the engine and exits; the archive of the classes it loaded takes ~35% off every later start to
# readiness (43 s to 28 s on 2 cores, README). It must come from this image's JVM; without it Java starts
# normally.
COPY --from=build /src/extracted /opt/sluice
RUN cd /tmp && java $JAVA_OPTS -XX:ArchiveClassesAtExit=/opt/sluice/sluice.jsa -jar /opt/sluice/sluice.jar --server.port=0 \
      --sluice.data-dir=/tmp/cds-training --sluice.spark.exit-after-warm-up=true > /tmp/cds-training.log 2>&1 \
 || (tail -50 /tmp/cds-training.log; echo "CDS training failed: the image starts without the archive"); \
    rm -rf /tmp/*
USER sluice
WORKDIR /var/lib/sluice
VOLUME /var/lib/sluice/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["sh", "-c", "exec java -XX:SharedArchiveFile=/opt/sluice/sluice.jsa $JAVA_OPTS -jar /opt/sluice/sluice.jar \"$@\"", "sluice"]
