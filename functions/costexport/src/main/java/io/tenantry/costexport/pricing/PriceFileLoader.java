package io.tenantry.costexport.pricing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.tenantry.costexport.repository.CostExportSettings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks the price file and the workload file, from the classpath ({@code classpath:pricing/...}) or a
 * path. Anything missing or malformed is a {@link PriceFileException} naming the file and the field: the export
 * fails before it reads usage or writes a byte.
 */
@Singleton
public final class PriceFileLoader {
    private static final String CLASSPATH = "classpath:";

    private final JsonMapper mapper;
    private final CostExportSettings settings;

    public PriceFileLoader(JsonMapper mapper, CostExportSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
    }

    /** The configured price file, with the lines the model needs for compute and storage checked present. */
    public PriceFile prices() {
        PriceFile prices = prices(settings.priceFile());
        for (String required : List.of(settings.computeLine(), settings.storageLine())) {
            if (prices.line(required).isEmpty()) {
                throw new PriceFileException(
                        prices.location() + ": lines has no line '" + required + "', which the model prices "
                                + (required.equals(settings.computeLine()) ? "compute" : "storage") + " with.");
            }
        }
        return prices;
    }

    /** The configured workload file, every line id in it checked against the price file. */
    public Workload workload(PriceFile prices) {
        return workload(settings.workloadFile(), prices);
    }

    public PriceFile prices(String location) {
        JsonNode root = read(location);
        String version = text(root, "version", location);
        String region = text(root, "region", location);
        String currency = text(root, "currency", location);
        if (!currency.equals("USD")) {
            throw new PriceFileException(location + ": currency must be USD, not '" + currency + "'.");
        }
        String confirmedOn = text(root, "confirmedOn", location);
        JsonNode free = root.get("freeTiersApplied");
        if (free == null || !free.isBoolean()) {
            throw new PriceFileException(location + ": freeTiersApplied must be true or false.");
        }
        JsonNode lines = root.get("lines");
        if (lines == null || !lines.isArray() || lines.size() == 0) {
            throw new PriceFileException(location + ": lines must be a non-empty array.");
        }
        List<PriceLine> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String at = "lines[" + i + "]";
            if (line == null || !line.isObject()) {
                throw new PriceFileException(location + ": " + at + " must be an object.");
            }
            String id = text(line, "id", location + ": " + at);
            if (!ids.add(id)) {
                throw new PriceFileException(location + ": " + at + ".id '" + id + "' appears twice.");
            }
            BigDecimal usd = decimal(line.get("usd"), location + ": " + at + ".usd");
            JsonNode per = line.get("per");
            if (per == null
                    || !per.isNumber()
                    || per.getNumberValue().doubleValue() < 1
                    || per.getNumberValue().doubleValue()
                            != Math.rint(per.getNumberValue().doubleValue())) {
                throw new PriceFileException(location + ": " + at + ".per must be a whole number of units, 1 or more.");
            }
            parsed.add(new PriceLine(
                    id,
                    text(line, "service", location + ": " + at),
                    text(line, "description", location + ": " + at),
                    text(line, "unit", location + ": " + at),
                    usd,
                    per.getNumberValue().longValue(),
                    text(line, "source", location + ": " + at)));
        }
        return new PriceFile(
                version, region, currency, confirmedOn, free.getBooleanValue(), location, List.copyOf(parsed));
    }

    public Workload workload(String location, PriceFile prices) {
        JsonNode root = read(location);
        String measuredOn = text(root, "measuredOn", location);
        return new Workload(
                measuredOn,
                quantities(root, "perRequest", location, prices),
                quantities(root, "perMediaUpload", location, prices),
                quantities(root, "perInvoice", location, prices));
    }

    private Map<String, BigDecimal> quantities(JsonNode root, String field, String location, PriceFile prices) {
        JsonNode node = root.get(field);
        if (node == null || !node.isObject()) {
            throw new PriceFileException(
                    location + ": " + field + " must be an object of price line ids to quantities.");
        }
        Map<String, BigDecimal> quantities = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.entries()) {
            String at = location + ": " + field + "." + entry.getKey();
            if (prices.line(entry.getKey()).isEmpty()) {
                throw new PriceFileException(at + " names no line of the price file " + prices.location() + ".");
            }
            quantities.put(entry.getKey(), decimal(entry.getValue(), at));
        }
        return Map.copyOf(quantities);
    }

    private JsonNode read(String location) {
        byte[] bytes;
        try {
            bytes = bytes(location);
        } catch (IOException e) {
            throw new PriceFileException(location + ": cannot be read (" + e.getMessage() + ").", e);
        }
        if (bytes == null) {
            throw new PriceFileException(location + ": no such file.");
        }
        JsonNode root;
        try {
            root = mapper.readValue(bytes, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new PriceFileException(location + ": is not valid JSON.", e);
        }
        if (root == null || !root.isObject()) {
            throw new PriceFileException(location + ": must hold one JSON object.");
        }
        return root;
    }

    private static byte[] bytes(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            try (InputStream in = PriceFileLoader.class.getClassLoader().getResourceAsStream(resource)) {
                return in == null ? null : in.readAllBytes();
            }
        }
        try {
            return Files.readAllBytes(Path.of(location));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.getStringValue().isBlank()) {
            throw new PriceFileException(at + ": " + field + " must be a non-empty string.");
        }
        return value.getStringValue();
    }

    /** A non-negative decimal, written as a JSON string (exact) or number. */
    private static BigDecimal decimal(JsonNode value, String at) {
        String text;
        if (value != null && value.isString()) {
            text = value.getStringValue();
        } else if (value != null && value.isNumber()) {
            text = value.getNumberValue().toString();
        } else {
            throw new PriceFileException(at + " must be a decimal number.");
        }
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new PriceFileException(at + " is not a decimal number: '" + text + "'.");
        }
        if (decimal.signum() < 0) {
            throw new PriceFileException(at + " must not be negative: " + text + ".");
        }
        return decimal;
    }
}
