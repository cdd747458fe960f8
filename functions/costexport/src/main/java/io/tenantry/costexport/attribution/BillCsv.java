package io.tenantry.costexport.attribution;

import io.tenantry.costexport.model.InvalidExportRequestException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A bill as a Cost and Usage Report gives it: a CSV with a header naming the product code and the unblended cost
 * column ({@code lineItem/ProductCode} and {@code lineItem/UnblendedCost} in the legacy report,
 * {@code line_item_product_code} and {@code line_item_unblended_cost} in CUR 2.0); other columns are ignored and the
 * lines are summed per product code.
 */
public final class BillCsv {
    private static final List<String> PRODUCT = List.of("lineItem/ProductCode", "line_item_product_code");
    private static final List<String> COST = List.of("lineItem/UnblendedCost", "line_item_unblended_cost");

    private BillCsv() {}

    public static Map<String, BigDecimal> parse(String key, byte[] csv) {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true)
                .get();
        Map<String, BigDecimal> bill = new TreeMap<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(new String(csv, StandardCharsets.UTF_8)), format)) {
            String product = column(parser, PRODUCT, key);
            String cost = column(parser, COST, key);
            for (CSVRecord record : parser) {
                String code = record.get(product);
                BigDecimal amount;
                try {
                    amount = new BigDecimal(record.get(cost));
                } catch (NumberFormatException e) {
                    throw new InvalidExportRequestException("billKey: " + key + " line " + record.getRecordNumber()
                            + ": '" + record.get(cost) + "' is not an amount.");
                }
                if (code == null || code.isBlank()) {
                    throw new InvalidExportRequestException(
                            "billKey: " + key + " line " + record.getRecordNumber() + " has no product code.");
                }
                bill.merge(code, amount, BigDecimal::add);
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            if (e instanceof InvalidExportRequestException invalid) {
                throw invalid;
            }
            throw new InvalidExportRequestException(
                    "billKey: " + key + " is not a readable CSV bill (" + e.getMessage() + ").");
        }
        bill.forEach((code, amount) -> {
            if (amount.signum() < 0) {
                throw new InvalidExportRequestException(
                        "billKey: " + key + " adds up to a negative amount for " + code + " (credits are not split).");
            }
        });
        if (bill.isEmpty()) {
            throw new InvalidExportRequestException("billKey: " + key + " has no lines.");
        }
        return bill;
    }

    private static String column(CSVParser parser, List<String> names, String key) {
        return names.stream()
                .filter(parser.getHeaderMap()::containsKey)
                .findFirst()
                .orElseThrow(() -> new InvalidExportRequestException(
                        "billKey: " + key + " has no " + String.join(" or ", names) + " column."));
    }
}
