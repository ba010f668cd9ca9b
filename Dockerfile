# One image recipe for the four services, built after ./mvnw -DskipTests package; docker-compose.yml names the
# service with the SERVICE build argument (task-service, pipeline-service, runner-service or notify-service).
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY ${SERVICE}/target/${SERVICE}.jar app.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
