package io.tenantry.local.backend.costmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The project's AWS price file ({@code functions/costexport/.../pricing/aws-prices.json}): its lines by id. */
record Prices(Path file, String version, String confirmedOn, String currency, Map<String, Line> lines) {

    static final String LAMBDA_REQUESTS = "lambda-requests";
    static final String LAMBDA_DURATION = "lambda-duration-arm64";
    static final String API_REQUESTS = "apigateway-http-requests";
    static final String DYNAMODB_READS = "dynamodb-read-request-units";
    static final String DYNAMODB_WRITES = "dynamodb-write-request-units";
    static final String SQS_REQUESTS = "sqs-requests";
    static final String S3_STORAGE = "s3-storage";
    static final String S3_PUTS = "s3-put-requests";
    static final String S3_GETS = "s3-get-requests";
    static final String LOGS_INGESTION = "cloudwatch-logs-ingestion";
    static final String LOGS_STORAGE = "cloudwatch-logs-storage";
    static final String CUSTOM_METRICS = "cloudwatch-custom-metrics";
    static final String XRAY_TRACES = "xray-traces-recorded";
    static final String SECRETS_CALLS = "secretsmanager-api-calls";

    /** One priced line: {@code usd} per {@code per} units. */
    record Line(String id, String description, String unit, BigDecimal usd, long per, String source) {
        BigDecimal unitPrice() {
            return usd.divide(BigDecimal.valueOf(per), MathContext.DECIMAL128);
        }

        BigDecimal cost(BigDecimal quantity) {
            return unitPrice().multiply(quantity, MathContext.DECIMAL128);
        }

        /** "$0.20 per 1,000,000 requests". */
        String priceText() {
            return "$" + usd.toPlainString() + " per " + (per == 1 ? "" : String.format("%,d ", per)) + unit;
        }
    }

    static Prices load(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<String, Line> lines = new LinkedHashMap<>();
            for (JsonNode line : root.path("lines")) {
                lines.put(
                        line.path("id").asText(),
                        new Line(
                                line.path("id").asText(),
                                line.path("description").asText(),
                                line.path("unit").asText(),
                                new BigDecimal(line.path("usd").asText()),
                                line.path("per").asLong(),
                                line.path("source").asText()));
            }
            return new Prices(
                    file,
                    root.path("version").asText(),
                    root.path("confirmedOn").asText(),
                    root.path("currency").asText(),
                    Map.copyOf(lines));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the price file " + file, e);
        }
    }

    Line line(String id) {
        Line line = lines.get(id);
        if (line == null) {
            throw new IllegalStateException("The price file " + file + " has no line " + id);
        }
        return line;
    }
}
