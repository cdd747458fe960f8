package io.tenantry.local.backend.costmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.backend.costmodel.Invocations.Invocation;
import io.tenantry.local.backend.costmodel.Measured.Quantities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link Measured} run into the three files: {@code pricing/workload.json}, {@code docs/cost-model.md} and the
 * cost-model section of {@code docs/BENCHMARKS.md}. Every number in them is computed here from the measurement and the
 * price file; the prose around them is this class's.
 */
final class CostModelReport {
    static final String WORKLOAD = "functions/costexport/src/main/resources/pricing/workload.json";
    static final String DOC = "docs/cost-model.md";
    static final String BENCHMARKS = "docs/BENCHMARKS.md";
    static final String BEGIN = "<!-- costmodel:begin -->";
    static final String END = "<!-- costmodel:end -->";

    /** The reference workload of one active user in a month. */
    static final int API_CALLS_PER_USER_MONTH = 3000;

    static final int UPLOADS_PER_USER_MONTH = 2;
    static final int USERS_PER_TENANT = ApiMix.MEMBERS_PER_TENANT;
    static final BigDecimal TARGET_USD_PER_USER_MONTH = new BigDecimal("0.15");
    static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;

    /** The users of one stack the all-in figures are given for: the target's 100K, and a smaller deployment. */
    static final long REFERENCE_USERS = 100_000;

    static final long SMALL_STACK_USERS = 10_000;

    private final Measured m;
    private final AllIn allIn;
    private final Prices prices;
    private final LocalDate date;
    private final String command;
    private final Duration took;
    private final String loadAtStart;
    private final String loadAtEnd;

    CostModelReport(
            Measured measured,
            Prices prices,
            LocalDate date,
            String command,
            Duration took,
            String loadAtStart,
            String loadAtEnd,
            AllIn.Stack stack) {
        this.m = measured;
        this.allIn = new AllIn(measured, prices, stack);
        this.prices = prices;
        this.date = date;
        this.command = command;
        this.took = took;
        this.loadAtStart = loadAtStart;
        this.loadAtEnd = loadAtEnd;
    }

    // ---------------------------------------------------------------- costs

    /** One line of a cost table. */
    record Cost(String lineId, String what, double quantity, BigDecimal usd) {}

    private Cost cost(String lineId, String what, double quantity) {
        return new Cost(lineId, what, quantity, prices.line(lineId).cost(BigDecimal.valueOf(quantity)));
    }

    /** The cost lines of one operation: the priced lines it uses, then its Lambda duration. */
    private List<Cost> costs(Quantities q, double gbSeconds) {
        List<Cost> costs = new ArrayList<>();
        q.lines().forEach((id, quantity) -> costs.add(cost(id, prices.line(id).description(), quantity)));
        if (gbSeconds > 0) {
            costs.add(cost(
                    Prices.LAMBDA_DURATION, prices.line(Prices.LAMBDA_DURATION).description(), gbSeconds));
        }
        return costs;
    }

    private static BigDecimal total(List<Cost> costs) {
        return costs.stream().map(Cost::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal deliveryCost() {
        return total(costs(m.perDelivery(), m.perDelivery().gbSeconds()));
    }

    /** One audit event: its share of its change's transaction's write units. */
    BigDecimal auditEventCost() {
        return total(List.of(cost(
                Prices.DYNAMODB_WRITES, prices.line(Prices.DYNAMODB_WRITES).description(), m.auditEventWriteUnits())));
    }

    BigDecimal requestCost() {
        return total(costs(m.perRequest(), m.gbSecondsPerRequest()));
    }

    BigDecimal uploadCost() {
        return total(costs(m.perUpload(), m.perUpload().gbSeconds()));
    }

    BigDecimal invoiceCost() {
        return total(costs(m.perInvoice(), m.perInvoice().gbSeconds()));
    }

    /** The reference workload's month for one active user, by component. */
    List<Cost> userMonth(Quantities perRequest) {
        List<Cost> costs = new ArrayList<>();
        double invoices = 1.0 / USERS_PER_TENANT;
        Quantities upload = m.perUploadBeyondApi();
        Quantities invoice = m.perInvoiceBeyondApi();
        Map<String, Double> byLine = new LinkedHashMap<>();
        perRequest.lines().forEach((id, q) -> byLine.merge(id, q * API_CALLS_PER_USER_MONTH, Double::sum));
        upload.lines().forEach((id, q) -> byLine.merge(id, q * UPLOADS_PER_USER_MONTH, Double::sum));
        invoice.lines().forEach((id, q) -> byLine.merge(id, q * invoices, Double::sum));
        byLine.forEach((id, q) -> costs.add(cost(id, prices.line(id).description(), q)));
        double gbSeconds = m.gbSecondsPerRequest() * API_CALLS_PER_USER_MONTH
                + upload.gbSeconds() * UPLOADS_PER_USER_MONTH
                + invoice.gbSeconds() * invoices;
        costs.add(
                cost(Prices.LAMBDA_DURATION, prices.line(Prices.LAMBDA_DURATION).description(), gbSeconds));
        costs.add(cost(Prices.S3_STORAGE, prices.line(Prices.S3_STORAGE).description(), storageGbMonths()));
        return costs;
    }

    /** The bytes of the month's uploads (their variants) and invoice PDFs, held for a month. */
    double storageGbMonths() {
        return (m.perUploadBeyondApi().storedBytes() * UPLOADS_PER_USER_MONTH
                        + m.perInvoiceBeyondApi().storedBytes() / USERS_PER_TENANT)
                / BYTES_PER_GB;
    }

    BigDecimal userMonthCost() {
        return total(userMonth(m.perRequest()));
    }

    BigDecimal sparseUserMonthCost() {
        return total(userMonth(m.perSparseRequest()));
    }

    // ---------------------------------------------------------------- files

    void write(Path root) throws IOException {
        Files.writeString(root.resolve(WORKLOAD), workloadJson());
        Files.writeString(root.resolve(DOC), doc());
        Path benchmarks = root.resolve(BENCHMARKS);
        String text = Files.readString(benchmarks);
        String section = BEGIN + "\n" + benchmarksSection() + END;
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + section + text.substring(to + END.length())
                : text.stripTrailing() + "\n\n## Cost model: what a request, an upload and an invoice cost\n\n"
                        + section + "\n";
        Files.writeString(benchmarks, updated);
    }

    String workloadJson() {
        ObjectMapper json = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        ObjectNode root = json.createObjectNode();
        root.put("measuredOn", date.toString());
        root.put("command", command);
        root.set("perRequest", lines(json, m.perRequest()));
        root.set("perMediaUpload", lines(json, m.perUploadBeyondApi()));
        root.set("perInvoice", lines(json, m.perInvoiceBeyondApi()));
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode lines(ObjectMapper json, Quantities q) {
        ObjectNode node = json.createObjectNode();
        q.lines().forEach((id, quantity) -> node.put(id, round6(quantity)));
        return node;
    }

    /**
     * Six decimals, or six significant digits for a quantity below 1 (the GB of log a request ingests is a few
     * millionths).
     */
    static BigDecimal round6(double value) {
        BigDecimal exact = BigDecimal.valueOf(value);
        BigDecimal rounded = Math.abs(value) < 1
                ? exact.round(new MathContext(6, RoundingMode.HALF_UP)).stripTrailingZeros()
                : exact.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    // ---------------------------------------------------------------- formatting

    /**
     * Up to 6 decimals below 10, 3 below 1,000, 1 from there; trailing zeros dropped; below 0.001, four significant
     * digits.
     */
    static String qty(double value) {
        if (value != 0 && Math.abs(value) < 0.001) {
            return new BigDecimal(value)
                    .round(new MathContext(4, RoundingMode.HALF_UP))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        int decimals = Math.abs(value) < 10 ? 6 : Math.abs(value) < 1000 ? 3 : 1;
        return String.format(Locale.ROOT, "%,." + decimals + "f", value)
                .replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", "");
    }

    static String qty(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** Dollars with four significant digits, in plain notation. */
    static String usd(BigDecimal value) {
        if (value.signum() == 0) {
            return "$0";
        }
        BigDecimal rounded = value.round(new MathContext(4, RoundingMode.HALF_UP));
        return "$" + rounded.stripTrailingZeros().toPlainString();
    }

    static String perMillion(BigDecimal value) {
        return usd(value.multiply(BigDecimal.valueOf(1_000_000)));
    }

    static String percent(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0
                ? "-"
                : String.format(
                        Locale.ROOT,
                        "%.1f %%",
                        part.multiply(BigDecimal.valueOf(100)).divide(whole, MathContext.DECIMAL64));
    }

    static String kib(double bytes) {
        return bytes >= 1024 * 1024
                ? String.format(Locale.ROOT, "%.2f MiB (%,d bytes)", bytes / 1024 / 1024, Math.round(bytes))
                : String.format(Locale.ROOT, "%.1f KiB (%,d bytes)", bytes / 1024, Math.round(bytes));
    }

    private String costTable(List<Cost> costs, String note) {
        StringBuilder out = new StringBuilder();
        out.append("| line (`id` in the price file) | quantity per operation | unit price | cost |\n");
        out.append("|---|---:|---:|---:|\n");
        for (Cost cost : costs) {
            Prices.Line line = prices.line(cost.lineId());
            out.append("| ")
                    .append(line.description())
                    .append(" (`")
                    .append(cost.lineId())
                    .append("`) | ")
                    .append(qty(cost.quantity()))
                    .append(" ")
                    .append(line.unit())
                    .append(" | ")
                    .append(line.priceText())
                    .append(" | ")
                    .append(usd(cost.usd()))
                    .append(" |\n");
        }
        BigDecimal total = total(costs);
        out.append("| **total** | | | **")
                .append(usd(total))
                .append("** (")
                .append(perMillion(total))
                .append(" per million)")
                .append(" |\n");
        if (note != null) {
            out.append('\n').append(note).append('\n');
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- the document

    String doc() {
        StringBuilder d = new StringBuilder();
        Quantities request = m.perRequest();
        Quantities upload = m.perUpload();
        Quantities invoice = m.perInvoice();
        BigDecimal userMonth = userMonthCost();
        BigDecimal sparse = sparseUserMonthCost();
        boolean met = userMonth.compareTo(TARGET_USD_PER_USER_MONTH) < 0;
        boolean sparseMet = sparse.compareTo(TARGET_USD_PER_USER_MONTH) < 0;

        d.append("# Cost model: what a request, an upload and an invoice cost on AWS\n\n");
        d.append(
                "<!-- Generated by CostModelBenchmarkTest (local/backend). Do not edit: run the command below. -->\n\n");
        d.append("Measured on ")
                .append(date)
                .append(" by the harness `local/backend/src/test/java/io/tenantry/local/backend/costmodel/")
                .append("CostModelBenchmarkTest.java`, which wrote this page, `")
                .append(WORKLOAD)
                .append("` and the cost-model section of [BENCHMARKS.md](BENCHMARKS.md):\n\n");
        d.append("```bash\n").append(command).append("\n```\n\n");
        d.append("The run took ")
                .append(took.toSeconds())
                .append(" s on a machine with ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, JDK ")
                .append(System.getProperty("java.version"))
                .append(" (load average `")
                .append(loadAtStart)
                .append("` when it started, `")
                .append(loadAtEnd)
                .append("` when it ended).\n\n");
        d.append("Prices: `functions/costexport/src/main/resources/pricing/aws-prices.json`, version `")
                .append(prices.version())
                .append("`, confirmed on ")
                .append(prices.confirmedOn())
                .append(", ")
                .append(prices.currency())
                .append(", on-demand list prices of each line's first tier. **Free tiers are not applied**: they are")
                .append(" account-wide (Lambda's million requests and 400,000 GB-s, SQS's million requests…), so a")
                .append(
                        " deployment past them pays these prices, and no tenant or user is ever given a share of them.\n\n");

        d.append("## In short\n\n");
        d.append("| operation | cost on AWS | per million |\n|---|---:|---:|\n");
        d.append("| one API request (the reference mix below, Lambda duration included) | ")
                .append(usd(requestCost()))
                .append(" | ")
                .append(perMillion(requestCost()))
                .append(" |\n");
        d.append("| one media upload (a ")
                .append(CostModelBenchmarkTest.PICTURE_WIDTH * CostModelBenchmarkTest.PICTURE_HEIGHT / 1_000_000)
                .append(" MP JPEG, end to end, its `POST /v1/media` included) | ")
                .append(usd(uploadCost()))
                .append(" | ")
                .append(perMillion(uploadCost()))
                .append(" |\n");
        d.append("| one invoice (`POST`, the worker, `GET` and the download included) | ")
                .append(usd(invoiceCost()))
                .append(" | ")
                .append(perMillion(invoiceCost()))
                .append(" |\n");
        d.append("| one webhook delivery (the event's fan-out, the signed `POST`, the delivery log; beyond the write")
                .append(" that caused it) | ")
                .append(usd(deliveryCost()))
                .append(" | ")
                .append(perMillion(deliveryCost()))
                .append(" |\n");
        d.append("| one audit event (an element of its change's transaction; in the request's cost above) | ")
                .append(usd(auditEventCost()))
                .append(" | ")
                .append(perMillion(auditEventCost()))
                .append(" |\n");
        d.append("| **one active user for a month** (")
                .append(String.format(Locale.ROOT, "%,d", API_CALLS_PER_USER_MONTH))
                .append(" API calls, ")
                .append(UPLOADS_PER_USER_MONTH)
                .append(" uploads, a tenth of an invoice, storage) | **")
                .append(usd(userMonth))
                .append("** | |\n");
        d.append("| **the same, all in** at ")
                .append(String.format(Locale.ROOT, "%,d", REFERENCE_USERS))
                .append(" users (X-Ray traces, and a share of the stack's custom metrics, alarms, dashboard, rules")
                .append(" and secrets; logs are in every line above) | **")
                .append(usd(allIn.userMonth(userMonth, REFERENCE_USERS)))
                .append("** | |\n\n");
        d.append("The target is **under $0.15 per user per month at 100K users**: ")
                .append(met ? "**met**" : "**not met**")
                .append(", at ")
                .append(percent(userMonth, TARGET_USD_PER_USER_MONTH))
                .append(" of it. ")
                .append(dominates(userMonth(m.perRequest())))
                .append(" With every request of a quiet tenant paying its own rate-limiter lease, plan lookup and")
                .append(" metering transaction (the upper bound below), a user-month costs ")
                .append(usd(sparse))
                .append(", ")
                .append(sparseMet ? "still under" : "over")
                .append(" the target.\n\n");

        d.append(howMeasured());
        d.append(requestSection(request));
        d.append(uploadSection(upload));
        d.append(invoiceSection(invoice));
        d.append(deliverySection());
        d.append(userMonthSection(userMonth, sparse, met));
        d.append(allInSection(userMonth));
        d.append(workloadSection());
        d.append(notModelled());
        return d.toString();
    }

    private String dominates(List<Cost> costs) {
        BigDecimal total = total(costs);
        List<Cost> sorted = costs.stream()
                .sorted(Comparator.comparing(Cost::usd).reversed())
                .toList();
        Cost first = sorted.get(0);
        Cost second = sorted.get(1);
        return "The largest line is " + prices.line(first.lineId()).description() + " (" + usd(first.usd()) + ", "
                + percent(first.usd(), total) + "), then "
                + prices.line(second.lineId()).description() + " ("
                + usd(second.usd()) + ", " + percent(second.usd(), total) + ").";
    }

    private String howMeasured() {
        StringBuilder d = new StringBuilder("## How it was measured\n\n");
        d.append("- **The real functions, through the local backend.** The test starts the whole backend of")
                .append(
                        " `template.yaml` in its JVM (`LocalBackend`, as `./tenantry start` runs it: the HTTP API with its")
                .append(" JWT check, every function's handler, the queue pollers, the bucket notifications, DynamoDB")
                .append(" Local, ElasticMQ and s3proxy) and calls it over HTTP with tokens from the local identity")
                .append(" provider. Nothing in the functions is changed or stubbed.\n");
        d.append("- **DynamoDB request units are DynamoDB's own, where DynamoDB Local reports them as DynamoDB")
                .append(" would.** Every AWS request of the JVM's SDK clients (the functions', and the backend's own")
                .append(
                        " pollers and notifications) goes through a recording HTTP proxy, installed as the JVM's default")
                .append(
                        " `ProxySelector` before the backend starts. It adds `\"ReturnConsumedCapacity\": \"TOTAL\"` to")
                .append(
                        " every DynamoDB request that accepts it and sums the `ConsumedCapacity` DynamoDB Local returns:")
                .append(" `ReadCapacityUnits`/`WriteCapacityUnits` where the response gives them, else `CapacityUnits`")
                .append(" by operation. One exception: for `TransactWriteItems` DynamoDB Local reports a flat")
                .append(" `CapacityUnits: 2.0` whatever the transaction holds (")
                .append(qty(m.all().transactionsByRule()[1]))
                .append(" units for the ")
                .append(qty(m.all().transactionsByRule()[0]))
                .append(" transactions of the measured operations), so the proxy prices each transaction by DynamoDB's")
                .append(" published rule instead: 2 WRU per item written per KB (the larger of the item before and")
                .append(" after) and 2 RRU per condition check per 4 KB, with each item's size read from the table")
                .append(" around the request (")
                .append(qty(m.all().transactionsByRule()[2]))
                .append(" RRU and ")
                .append(qty(m.all().transactionsByRule()[3]))
                .append(" WRU for those transactions). The test fails if a successful response carries no consumed")
                .append(" capacity, if a write comes to less than 1 WRU or a read that returned items to less than")
                .append(" 0.5 RRU, if a created item wrote less than 1 WRU. (Why a proxy selector: the backend")
                .append(" hands the emulators' endpoints to its one Micronaut context in a property source that wins")
                .append(" over system properties, and the context builds its `DynamoDbClient` during start; no option")
                .append(
                        " points it elsewhere, so the requests are routed at the JVM's proxy selection, which the SDK's")
                .append(" URL-connection client consults.)\n");
        d.append("- **SQS requests** are counted per request (each 64 KB of payload counting as one): the")
                .append(" `SendMessage` of an API function or of the bucket notification (which S3 sends), and, for")
                .append(" Lambda's event source mapping, the `ReceiveMessage` calls that returned messages and the")
                .append(" `DeleteMessageBatch` after the worker succeeded. The pollers' empty long polls (an idle")
                .append(" queue, and the extra receives of a batching window) are a cost per queue and are left out:")
                .append(" ")
                .append(m.all().sqsEmptyReceives())
                .append(" of them during the measured operations.\n");
        d.append("- **S3 requests** are counted as S3 prices them: PUT, COPY, POST and LIST in the PUT class; GET,")
                .append(" HEAD and the rest in the GET class; DELETE is free. The presigned PUT of an upload and the")
                .append(" presigned GET of an invoice go through the same proxy.\n");
        d.append("- **Lambda**: one request per invocation the backend logged (HTTP functions and workers); the")
                .append(" duration is the handler's as the backend measures it, which it logs in whole milliseconds")
                .append(" truncated, so each is billed at the logged value + 1 ms (Lambda rounds up), at the")
                .append(" `MemorySize` the template gives that function, in GB-seconds. These durations come from the")
                .append(" local backend on this machine: one JVM, JIT-warm after a warm-up, ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, DynamoDB Local's latencies instead of DynamoDB's. They are an estimate of Lambda's")
                .append(
                        " arm64 durations, not a measurement of them (a Lambda instance's CPU share follows its memory;")
                .append(" SnapStart restores and cold starts are not here). The API request's durations come from a")
                .append(" second pass of ")
                .append(String.format(Locale.ROOT, "%,d", m.bypass().apiRequests()))
                .append(" requests of the same mix with the proxy bypassed, because the proxy adds a hop to every AWS")
                .append(" call: through it the mix's requests were billed ")
                .append(qty(meanBilled(m.mix()), 2))
                .append(" ms on average, without it ")
                .append(qty(meanBilled(m.bypass()), 2))
                .append(" ms (the proxy saw ")
                .append(m.bypassDynamoCalls())
                .append(" DynamoDB requests during that pass). The uploads' and invoices' durations include the hop,")
                .append(" and the item reads that price transactions (below): they are slightly high.\n");
        d.append("- **API Gateway**: one HTTP API request per API call (every body here is far under 512 KB).\n");
        d.append("- **Metering and the rate limiter are part of what a request costs**, and they are in the numbers.")
                .append(" Every invocation writes its usage lines to its log before it answers; the local backend")
                .append(" delivers each line to the usage aggregator as it is written, so each line is a transaction")
                .append(" of its own here. That is the bound: in the cloud a subscription delivery carries the lines")
                .append(" of a log group's last seconds, and the aggregator writes one transaction per tenant per")
                .append(" delivery ([metering.md](metering.md) has the cloud's figures and the log ingestion of the")
                .append(" lines). In the local backend one Micronaut context serves every function, so one rate")
                .append(" limiter serves them all; in Lambda each function instance has its own, which splits leases")
                .append(" over more instances. Both are shown: the mix as measured (steady traffic) and the bound")
                .append(" where every request pays its own lease, plan lookup and usage transaction.\n\n");
        return d.toString();
    }

    private String requestSection(Quantities q) {
        StringBuilder d = new StringBuilder("## One API request\n\n");
        Tally mix = m.mix();
        d.append("The reference mix: a SaaS tenant's traffic, 80 % reads and 20 % writes, over projects and users,")
                .append(" in blocks of ")
                .append(ApiMix.BLOCK)
                .append(" requests shuffled with a fixed seed, round-robin over ")
                .append(CostModelBenchmarkTest.MIX_TENANTS)
                .append(" tenants on the `pro` plan, each with ")
                .append(ApiMix.MEMBERS_PER_TENANT)
                .append(" members and at least ")
                .append(ApiMix.PROJECTS_PER_TENANT)
                .append(" projects (lists answer full pages of 20). One request at a time, after ")
                .append("a warm-up of the mix, one upload and one invoice. Measured: ")
                .append(String.format(Locale.ROOT, "%,d", m.requests()))
                .append(" requests.\n\n");
        d.append("| request | share | sent | route's own RRU | route's own WRU | billed duration (no proxy) |\n");
        d.append("|---|---:|---:|---:|---:|---:|\n");
        Map<ApiMix.Kind, List<ApiMix.Sent>> byKind = m.sent().stream()
                .collect(Collectors.groupingBy(ApiMix.Sent::kind, LinkedHashMap::new, Collectors.toList()));
        Map<String, ApiMix.Kind> kindOfRequest = new LinkedHashMap<>();
        for (Invocation invocation : m.bypass().invocations) {
            for (ApiMix.Kind kind : ApiMix.Kind.values()) {
                if (matches(kind, invocation)) {
                    kindOfRequest.put(invocation.requestId(), kind);
                }
            }
        }
        for (ApiMix.Kind kind : ApiMix.Kind.values()) {
            List<ApiMix.Sent> sent = byKind.getOrDefault(kind, List.of());
            double rru = 0;
            double wru = 0;
            for (ApiMix.Sent one : sent) {
                for (AwsCall call : m.mixCalls(one)) {
                    if (call.isDynamoDb() && call.purpose() == AwsCall.Purpose.ROUTE) {
                        rru += call.readUnits();
                        wru += call.writeUnits();
                    }
                }
            }
            double billed = m.bypass().invocations.stream()
                    .filter(i -> kind == kindOfRequest.get(i.requestId()))
                    .mapToLong(Invocation::billedMillis)
                    .average()
                    .orElse(Double.NaN);
            d.append("| `")
                    .append(kind.route)
                    .append("` | ")
                    .append(kind.weight * 100 / ApiMix.weightTotal())
                    .append(" % | ")
                    .append(sent.size())
                    .append(" | ")
                    .append(qty(Measured.mean(rru, sent.size()), 3))
                    .append(" | ")
                    .append(qty(Measured.mean(wru, sent.size()), 3))
                    .append(" | ")
                    .append(qty(billed, 1))
                    .append(" ms |\n");
        }
        d.append('\n');
        d.append("What one request of the mix costs:\n\n");
        d.append(costTable(
                costs(q, m.gbSecondsPerRequest()),
                "Lambda duration: " + qty(m.gbSecondsPerRequest()) + " GB-s per request, "
                        + qty(meanBilled(m.bypass()), 2) + " ms billed on average at the functions' 1024 MB, from the"
                        + " pass without the proxy (through the proxy: " + qty(meanBilled(mix), 2) + " ms)."));
        d.append('\n');
        d.append("**Logs.** A request of the mix sends ")
                .append(qty(q.logBytes(), 0))
                .append(" bytes to CloudWatch Logs on average: the JSON lines and EMF metric lines its function and")
                .append(" the workers it caused write, each counted with the 26 bytes CloudWatch adds to an event, and")
                .append(" Lambda's `START`, `END` and `REPORT` lines for each invocation (")
                .append(LogVolume.PLATFORM_BYTES)
                .append(" bytes). Per invocation of an HTTP function: p50 ")
                .append(qty(m.apiLogBytes(50), 0))
                .append(" bytes, p99 ")
                .append(qty(m.apiLogBytes(99), 0))
                .append(" bytes. Stored for the template's ")
                .append(Measured.LOG_RETENTION_DAYS)
                .append(" days of retention and priced on the bytes ingested (CloudWatch stores them compressed, so")
                .append(" this errs high). This is the log volume per request the project tracks")
                .append(" ([BENCHMARKS.md](BENCHMARKS.md)).\n\n");
        d.append("### Measured inputs\n\n");
        d.append("DynamoDB requests of the ")
                .append(String.format(Locale.ROOT, "%,d", m.requests()))
                .append(" requests, by operation and purpose, with the units DynamoDB reported as consumed:\n\n");
        d.append(dynamoTable(mix, m.requests(), "request"));
        d.append('\n');
        d.append("Per request: ")
                .append(qty(q.readUnits(), 4))
                .append(" RRU and ")
                .append(qty(q.writeUnits(), 4))
                .append(" WRU as priced. Of what was measured: the route's own ")
                .append(qty(mix.readUnits(AwsCall.Purpose.ROUTE) / m.requests(), 4))
                .append(" RRU and ")
                .append(qty(mix.writeUnits(AwsCall.Purpose.ROUTE) / m.requests(), 4))
                .append(" WRU; the rate limiter's lease writes ")
                .append(qty(mix.writeUnits(AwsCall.Purpose.RATE_LIMITER) / m.requests(), 4))
                .append(" WRU (")
                .append(mix.dynamoCalls(AwsCall.Purpose.RATE_LIMITER))
                .append(" leases) and plan lookups ")
                .append(qty(mix.readUnits(AwsCall.Purpose.PLAN_LOOKUP) / m.requests(), 4))
                .append(" RRU; metering's usage transactions ")
                .append(qty(mix.writeUnits(AwsCall.Purpose.METERING) / m.requests(), 4))
                .append(" WRU and ")
                .append(qty(mix.readUnits(AwsCall.Purpose.METERING) / m.requests(), 4))
                .append(" RRU (")
                .append(mix.dynamoCalls(AwsCall.Purpose.METERING))
                .append(
                        " transactions: the local backend counts each usage line in a transaction of its own, the quiet")
                .append(" bound below), and beside each the update of the day's active users ")
                .append(qty(mix.writeUnits(AwsCall.Purpose.ACTIVITY) / m.requests(), 4))
                .append(" WRU (")
                .append(mix.dynamoCalls(AwsCall.Purpose.ACTIVITY))
                .append(" updates; a day's set of a tenant of 10 users is one small item, a tenant with thousands of")
                .append(" active users a day pays a WRU per KB of its set at each update). The priced request takes")
                .append(" metering at the steady state docs/metering.md measures")
                .append(" instead (`MeteringBenchmark`, default scenario: per usage line ")
                .append(qty(Measured.STEADY_METERING_WRU))
                .append(" WRU, ")
                .append(qty(Measured.STEADY_METERING_RRU))
                .append(" RRU, ")
                .append(qty(Measured.STEADY_METERING_INVOCATIONS))
                .append(" invocations of `UsageLogFunction`, and the line's ")
                .append(qty(Measured.USAGE_LINE_BYTES, 0))
                .append(" bytes in the log, which the local backend counts without printing; and ")
                .append(qty(Measured.STEADY_ACTIVITY_UPDATES_PER_LINE, 4))
                .append(" active-user updates, one per tenant and delivery), the same for every")
                .append(" operation below. Failed requests (not reported as consumed")
                .append(" capacity, though DynamoDB charges a failed conditional write): ")
                .append(errors(mix))
                .append(".\n\n");
        d.append("Reads of single small items: a `GetItem` of the route reported ")
                .append(distinct(mix, "GetItem", AwsCall.Purpose.ROUTE, true))
                .append(" RRU (0.5 is an eventually consistent read of up to 4 KB, 1 a strongly consistent one); a")
                .append(" plan lookup ")
                .append(distinct(all(), "GetItem", AwsCall.Purpose.PLAN_LOOKUP, true))
                .append(" RRU. A lease write reported ")
                .append(distinct(all(), "UpdateItem", AwsCall.Purpose.RATE_LIMITER, false))
                .append(" WRU; a metering flush transaction ")
                .append(distinct(all(), "TransactWriteItems", AwsCall.Purpose.METERING, false))
                .append(" WRU (2 per item written: the usage shard's day, the storage total when storage changed, the")
                .append(" day index the first time an instance writes a tenant's day) with ")
                .append(distinct(all(), "TransactWriteItems", AwsCall.Purpose.METERING, true))
                .append(" RRU for its condition check, by the transaction rule above.\n\n");
        d.append(emptyReads(mix, m.requests(), "request"));
        d.append(
                "Durations by function (the pass without the proxy; billed = logged + 1 ms, at the template's memory):\n\n");
        d.append(functionTable(m.bypass(), m.bypass().apiRequests(), "request"));
        d.append('\n');
        d.append("**Steady traffic against quiet tenants.** The mix above keeps each tenant busy (")
                .append(String.format(
                        Locale.ROOT, "%.0f", m.requests() / (mixSeconds() * CostModelBenchmarkTest.MIX_TENANTS)))
                .append(" requests a second each), so a lease of 10 tokens (the `pro` plan) serves 10 requests and a")
                .append(" flush covers many. A tenant of the reference workload makes about ")
                .append(String.format(Locale.ROOT, "%,d", API_CALLS_PER_USER_MONTH * USERS_PER_TENANT / 30))
                .append(" calls a day, spread over many function instances, so most of its requests take a lease of")
                .append(" their own (")
                .append(qty(m.leaseWriteUnits(), 2))
                .append(" WRU), look its plan up (")
                .append(qty(m.planLookupReadUnits(), 2))
                .append(" RRU) and are counted in a usage transaction of their own (")
                .append(qty(m.flushWriteUnits(), 2))
                .append(" WRU and ")
                .append(qty(m.flushReadUnits(), 2))
                .append(" RRU on average here; a read, which changes no stored bytes, writes one item less). That")
                .append(" bound makes a request ")
                .append(qty(m.perSparseRequest().readUnits(), 3))
                .append(" RRU and ")
                .append(qty(m.perSparseRequest().writeUnits(), 3))
                .append(" WRU, and costs ")
                .append(usd(total(costs(m.perSparseRequest(), m.gbSecondsPerRequest()))))
                .append(" instead of ")
                .append(usd(requestCost()))
                .append(".\n\n");
        return d.toString();
    }

    private Tally all() {
        return m.all();
    }

    /** How long the measured mix ran, from its first AWS call to its last. */
    private double mixSeconds() {
        if (m.mix().calls.isEmpty()) {
            return 1;
        }
        long first = m.mix().calls.getFirst().startedNanos();
        long last = m.mix().calls.getLast().startedNanos();
        return Math.max(1, (last - first) / 1e9);
    }

    private static boolean matches(ApiMix.Kind kind, Invocation invocation) {
        String what = invocation.what();
        return switch (kind) {
            case LIST_PROJECTS -> what.equals("GET /v1/projects");
            case GET_PROJECT -> what.startsWith("GET /v1/projects/");
            case GET_TENANT -> what.equals("GET /v1/tenant");
            case LIST_USERS -> what.equals("GET /v1/users");
            case GET_USER -> what.startsWith("GET /v1/users/");
            case CREATE_PROJECT -> what.equals("POST /v1/projects");
            case UPDATE_PROJECT -> what.startsWith("PATCH /v1/projects/");
            case DELETE_PROJECT -> what.startsWith("DELETE /v1/projects/");
            case CREATE_USER -> what.equals("POST /v1/users");
            case UPDATE_USER -> what.startsWith("PATCH /v1/users/");
            case DELETE_USER -> what.startsWith("DELETE /v1/users/");
        };
    }

    private static double meanBilled(Tally tally) {
        return tally.invocations.stream()
                .filter(Invocation::isApi)
                .mapToLong(Invocation::billedMillis)
                .average()
                .orElse(0);
    }

    /** The distinct unit values single calls reported, e.g. "0.5" or "0.5 to 1". */
    private static String distinct(Tally tally, String operation, AwsCall.Purpose purpose, boolean reads) {
        List<Double> values = tally.calls.stream()
                .filter(c -> c.isDynamoDb()
                        && c.error() == null
                        && c.operation().equals(operation)
                        && c.purpose() == purpose)
                .map(c -> reads ? c.readUnits() : c.writeUnits())
                .distinct()
                .sorted()
                .toList();
        if (values.isEmpty()) {
            return "(none seen)";
        }
        return values.size() == 1
                ? qty(values.getFirst())
                : qty(values.getFirst()) + " to " + qty(values.getLast()) + " ("
                        + values.stream().map(CostModelReport::qty).collect(Collectors.joining(", "))
                        + ")";
    }

    /** The empty reads of a stretch, and what DynamoDB's minimum read charge would add for them. */
    private static String emptyReads(Tally tally, double operations, String per) {
        long empty = tally.dynamoEmptyReads();
        if (empty == 0) {
            return "";
        }
        return "Queries that returned no items: " + qty(empty / operations, 3) + " per " + per + ". DynamoDB Local"
                + " reports 0 RRU for them; DynamoDB may charge such a read its minimum (0.5 RRU eventually consistent,"
                + " 1 strongly consistent), which would add " + qty(tally.dynamoEmptyReadShortfall() / operations, 3)
                + " RRU per " + per + " (not included above).\n\n";
    }

    private static String errors(Tally tally) {
        Map<String, Long> errors = tally.dynamoErrors();
        return errors.isEmpty()
                ? "none"
                : errors.entrySet().stream()
                        .map(e -> e.getValue() + " × " + e.getKey())
                        .collect(Collectors.joining(", "));
    }

    private static String dynamoTable(Tally tally, double operations, String per) {
        StringBuilder d = new StringBuilder("| DynamoDB operation | purpose | calls | RRU | WRU | calls per ")
                .append(per)
                .append(" | RRU per ")
                .append(per)
                .append(" | WRU per ")
                .append(per)
                .append(" |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        tally.dynamoByOperation().forEach((name, use) -> {
            String[] parts = name.split(" \\| ", 2);
            d.append("| `")
                    .append(parts[0])
                    .append("` | ")
                    .append(parts[1])
                    .append(" | ")
                    .append(use.calls)
                    .append(use.errors > 0 ? " (" + use.errors + " failed)" : "")
                    .append(" | ")
                    .append(qty(use.readUnits))
                    .append(" | ")
                    .append(qty(use.writeUnits))
                    .append(" | ")
                    .append(qty(use.calls / operations, 4))
                    .append(" | ")
                    .append(qty(use.readUnits / operations, 4))
                    .append(" | ")
                    .append(qty(use.writeUnits / operations, 4))
                    .append(" |\n");
        });
        d.append("| **all** | | ")
                .append(tally.dynamoDataCalls())
                .append(" | ")
                .append(qty(tally.readUnits()))
                .append(" | ")
                .append(qty(tally.writeUnits()))
                .append(" | ")
                .append(qty(tally.dynamoDataCalls() / operations, 4))
                .append(" | ")
                .append(qty(tally.readUnits() / operations, 4))
                .append(" | ")
                .append(qty(tally.writeUnits() / operations, 4))
                .append(" |\n");
        return d.toString();
    }

    private static String functionTable(Tally tally, double operations, String per) {
        StringBuilder d = new StringBuilder("| function | memory | invocations | mean logged | mean billed | GB-s per ")
                .append(per)
                .append(" |\n|---|---:|---:|---:|---:|---:|\n");
        tally.functions()
                .values()
                .forEach(use -> d.append("| ")
                        .append(use.function)
                        .append(" | ")
                        .append(use.memoryMb)
                        .append(" MB | ")
                        .append(use.invocations)
                        .append(" | ")
                        .append(qty((double) use.loggedMillis / use.invocations, 1))
                        .append(" ms | ")
                        .append(qty((double) use.billedMillis / use.invocations, 1))
                        .append(" ms | ")
                        .append(qty(use.gbSeconds() / operations))
                        .append(" |\n"));
        return d.toString();
    }

    private static String countTable(String title, Map<String, Long> counts, double operations, String per) {
        StringBuilder d = new StringBuilder("| ")
                .append(title)
                .append(" | requests | per ")
                .append(per)
                .append(" |\n|---|---:|---:|\n");
        counts.forEach((name, count) -> d.append("| `")
                .append(name)
                .append("` | ")
                .append(count)
                .append(" | ")
                .append(qty(count / operations, 3))
                .append(" |\n"));
        return d.toString();
    }

    private String uploadSection(Quantities q) {
        StringBuilder d = new StringBuilder("## One media upload\n\n");
        Tally whole = m.uploadsWhole();
        int n = m.uploads().size();
        d.append("One upload, end to end, as a client makes it ([media.md](media.md)): `POST /v1/media` (with an")
                .append(" `Idempotency-Key`), the PUT of the bytes to the presigned URL, the bucket notification to")
                .append(
                        " `MediaQueue`, the event source mapping, the media worker (HEAD and GET of the upload, the two")
                .append(
                        " variants written, the upload removed, the item's state changes), then the metering flush of its")
                .append(" events. The picture: a ")
                .append(CostModelBenchmarkTest.PICTURE_WIDTH)
                .append(" × ")
                .append(CostModelBenchmarkTest.PICTURE_HEIGHT)
                .append(" JPEG (a 12-megapixel phone photo) of ")
                .append(kib(m.pictureBytes()))
                .append(". Measured: ")
                .append(n)
                .append(" uploads, one at a time, after a warm-up upload; each alone, so each gets a worker invocation")
                .append(" and a metering flush of its own. Reading the result (`GET /v1/media/{id}`) and downloading")
                .append(" variants are ordinary API requests and S3 GETs, not part of the upload.\n\n");
        d.append(costTable(
                costs(q, q.gbSeconds()),
                "Of these, what goes beyond the upload's one API request (which is metered, and priced, as a request;"
                        + " see [the workload file](#the-workload-file)) is the workload file's `perMediaUpload`: "
                        + linesText(m.perUploadBeyondApi()) + "."));
        d.append('\n');
        Tally api = m.uploadsApi();
        d.append("The upload's API request alone (`POST /v1/media`, with its idempotency record, the rate limiter's")
                .append(" lease and any plan lookup): ")
                .append(qty(api.readUnits() / n, 3))
                .append(" RRU and ")
                .append(qty(api.writeUnits() / n, 3))
                .append(" WRU, against ")
                .append(qty(m.perRequest().readUnits(), 3))
                .append(" and ")
                .append(qty(m.perRequest().writeUnits(), 3))
                .append(" for a request of the mix.\n\n");
        d.append("### Measured inputs\n\n");
        d.append(dynamoTable(whole, n, "upload"));
        d.append('\n');
        d.append(emptyReads(whole, n, "upload"));
        d.append(functionTable(whole, n, "upload"));
        d.append('\n');
        d.append(countTable("SQS request", whole.sqsByOperation(), n, "upload"));
        d.append('\n');
        d.append(countTable("S3 request (class)", whole.s3ByOperation(), n, "upload"));
        d.append('\n');
        d.append("Objects: the upload, ")
                .append(kib(m.pictureBytes()))
                .append(", is removed by the worker once processed; the variants kept: ")
                .append(m.variantBytes().entrySet().stream()
                        .map(e -> e.getKey() + " px, " + kib(e.getValue()))
                        .collect(Collectors.joining("; ")))
                .append(". Stored per upload: ")
                .append(kib(q.storedBytes()))
                .append(". Messages per worker invocation: ")
                .append(qty((double) whole.sqsMessagesReceived() / whole.workerInvocations(), 2))
                .append(".\n\n");
        Quantities batched = m.perBatchedUpload();
        d.append("**Batches.** The worker takes up to 10 messages per invocation (`BatchSize: 10`, a 1 s batching")
                .append(" window). ")
                .append(CostModelBenchmarkTest.BATCH_UPLOADS)
                .append(" uploads put one after the other gave ")
                .append(m.batch().workerInvocations())
                .append(" worker invocation(s): per upload ")
                .append(qty(batched.lambdaRequests() - batched.apiRequests(), 3))
                .append(" worker invocations, ")
                .append(qty(batched.sqsRequests(), 3))
                .append(" SQS requests and ")
                .append(qty(m.perBatchedUploadBeyondApi().gbSeconds(), 3))
                .append(" GB-s, against ")
                .append(qty(q.lambdaRequests() - q.apiRequests(), 3))
                .append(", ")
                .append(qty(q.sqsRequests(), 3))
                .append(" and ")
                .append(qty(m.perUploadBeyondApi().gbSeconds(), 3))
                .append(" alone. At the reference workload (2 uploads per user a month) uploads rarely share a")
                .append(" batching window, so the model uses the uploads measured alone.\n\n");
        return d.toString();
    }

    private String invoiceSection(Quantities q) {
        StringBuilder d = new StringBuilder("## One invoice\n\n");
        Tally whole = m.invoicesWhole();
        int n = m.invoices().size();
        d.append("One invoice of the current month for a tenant of the mix (so it prices real usage), as")
                .append(" [invoices.md](invoices.md) describes it: `POST /v1/invoices` (the transaction that numbers")
                .append(" it, and the message to `InvoicesQueue`), the event source mapping, the worker (writes its")
                .append(
                        " pending usage, reads the month's usage, prices it, renders the PDF, stores it in S3, marks the")
                .append(" invoice ready), `GET /v1/invoices/{id}` and the download through its presigned URL, then the")
                .append(" usage lines counted. Measured: ")
                .append(n)
                .append(" invoices, one at a time, after a warm-up invoice.\n\n");
        d.append(costTable(
                costs(q, q.gbSeconds()),
                "Of these, what goes beyond the invoice's API requests (`POST` and `GET`, metered and priced as"
                        + " requests; see [the workload file](#the-workload-file)) is the workload file's `perInvoice`: "
                        + linesText(m.perInvoiceBeyondApi()) + "."));
        d.append('\n');
        Tally api = m.invoicesApi();
        double apiRequests = (double) api.apiRequests() / n;
        d.append("The invoice's API requests alone (")
                .append(qty(apiRequests, 2))
                .append(" per invoice: `POST`, whose transaction numbers the invoice, and `GET`, with the rate")
                .append(" limiter's leases and any plan lookup): ")
                .append(qty(api.readUnits() / n, 3))
                .append(" RRU and ")
                .append(qty(api.writeUnits() / n, 3))
                .append(" WRU, against ")
                .append(qty(apiRequests * m.perRequest().readUnits(), 3))
                .append(" and ")
                .append(qty(apiRequests * m.perRequest().writeUnits(), 3))
                .append(" for as many requests of the mix.\n\n");
        d.append("### Measured inputs\n\n");
        d.append(dynamoTable(whole, n, "invoice"));
        d.append('\n');
        d.append(emptyReads(whole, n, "invoice"));
        d.append(functionTable(whole, n, "invoice"));
        d.append('\n');
        d.append(countTable("SQS request", whole.sqsByOperation(), n, "invoice"));
        d.append('\n');
        d.append(countTable("S3 request (class)", whole.s3ByOperation(), n, "invoice"));
        d.append('\n');
        d.append("The PDFs: ")
                .append(m.pdfBytes().stream().map(b -> kib(b)).collect(Collectors.joining(", ")))
                .append(". Stored per invoice: ")
                .append(kib(q.storedBytes()))
                .append(".\n\n");
        return d.toString();
    }

    private String deliverySection() {
        StringBuilder d = new StringBuilder("## One webhook delivery, and one audit event\n\n");
        Tally whole = m.deliveriesWhole();
        int n = m.deliveries().size();
        Quantities q = m.perDelivery();
        d.append("A tenant of the mix with one endpoint subscribed to `project.created` (a receiver on 127.0.0.1 that")
                .append(" answers 204), then `POST /v1/projects`, one at a time, after a warm-up: the write records")
                .append(" the event in the outbox (an element of its transaction), the outbox relay (the table's")
                .append(" stream → `OutboxRelayFunction`) publishes it to `WebhookEventsQueue`, the webhook worker")
                .append(" fans it out (the tenant's subscribed")
                .append(" endpoints, one delivery item each, its first attempt queued), the attempt's invocation signs")
                .append(" and sends the `POST` and marks the delivery `delivered` ([webhooks.md](webhooks.md)).")
                .append(" Measured: ")
                .append(n)
                .append(" deliveries. What is priced is everything after the write's answer, plus the write's")
                .append(" publish of the event; the write itself is a request of the mix. Every write publishes its")
                .append(" event whether or not the tenant has endpoints, so the publish and the fan-out's invocation")
                .append(" and subscription query are also in the mix's requests (the mix's queue workers are counted")
                .append(" with it).\n\n");
        d.append(costTable(costs(q, q.gbSeconds()), null));
        d.append('\n');
        d.append("**Latency** from the write's answer to the receiver's having the `POST`, in the local backend")
                .append(" (its queue pollers long-poll ElasticMQ; Lambda's event source mapping polls SQS the same")
                .append(" way): p50 ")
                .append(qty(m.deliveryLatencyMillis(50), 1))
                .append(" ms, p99 ")
                .append(qty(m.deliveryLatencyMillis(99), 1))
                .append(" ms, max ")
                .append(qty(m.deliveryLatencyMillis(100), 1))
                .append(" ms over ")
                .append(n)
                .append(" deliveries. Most of it is two queue hops, the event and then its attempt (after the outbox")
                .append(" relay, which reads the table's stream four times a second), each waiting out")
                .append(
                        " the 1 s batching window the template gives the webhook worker (`MaximumBatchingWindowInSeconds:")
                .append(" 1`, as Lambda's event source mapping does); the work itself takes tens of milliseconds. The")
                .append(
                        " first attempt is queued rather than made inside the fan-out so that one tenant's slow endpoint")
                .append(" (up to 10 s) never holds a batch of other tenants' events.\n\n");
        d.append("**An audit event** is an element of its change's `TransactWriteItems` (docs/audit.md,")
                .append(" [outbox.md](outbox.md)): no change without its event. A transaction writes 2 WRU per KB of")
                .append(" each element: ")
                .append(qty(m.auditEventWriteUnits(), 3))
                .append(" WRU each as measured in the mix, where ")
                .append(qty(m.auditEventsPerRequest(), 3))
                .append(" events were written per request; ")
                .append(usd(auditEventCost()))
                .append(" each, already inside the request's cost. It is kept 365 days (TTL); an item of at most")
                .append(" 1 KB stores at DynamoDB Standard's $0.25 per GB-month (not in the price file):")
                .append(" at most $0.0000028 for its year. **An outbox entry** (the event a change causes, for the")
                .append(" webhook queue) is another element of the same transaction: ")
                .append(qty(m.outboxEntryWriteUnits(), 3))
                .append(" WRU each, ")
                .append(qty(m.outboxEntriesPerRequest(), 3))
                .append(" per request of the mix, also inside the request's cost; Lambda's reads of the table's")
                .append(" stream for the relay are free.\n\n");
        d.append("### Measured inputs\n\n");
        d.append(dynamoTable(whole, n, "delivery"));
        d.append('\n');
        d.append(functionTable(whole, n, "delivery"));
        d.append('\n');
        d.append(countTable("SQS request", whole.sqsByOperation(), n, "delivery"));
        d.append('\n');
        d.append("These stretches include the write's own request (its DynamoDB units above, its function's")
                .append(" invocation), which the priced table leaves to the mix.\n\n");
        return d.toString();
    }

    private String linesText(Quantities q) {
        return q.lines().entrySet().stream()
                .map(e -> "`" + e.getKey() + "` " + round6(e.getValue()).toPlainString())
                .collect(Collectors.joining(", "));
    }

    private String userMonthSection(BigDecimal userMonth, BigDecimal sparse, boolean met) {
        StringBuilder d = new StringBuilder("## Per active user per month\n\n");
        d.append("The reference workload of one active user in a month: **")
                .append(String.format(Locale.ROOT, "%,d", API_CALLS_PER_USER_MONTH))
                .append(" API calls** (of the mix above; they include the uploads' and invoices' own API requests),")
                .append(" **")
                .append(UPLOADS_PER_USER_MONTH)
                .append(" media uploads**, and a share of **one invoice** a month per tenant: with ")
                .append(USERS_PER_TENANT)
                .append(" users per tenant, ")
                .append(qty(1.0 / USERS_PER_TENANT))
                .append(" invoice per user. Storage: the bytes of the month's uploads (their two variants; the")
                .append(
                        " upload itself is deleted) and of its share of the PDF, held for a month, priced as S3 Standard")
                .append(" per GB-month (1 GB = 2^30 bytes): ")
                .append(qty(storageGbMonths(), 6))
                .append(" GB-month. (Stored objects accumulate: each further month adds as much again.)\n\n");
        List<Cost> costs = userMonth(m.perRequest());
        d.append("| line | quantity per user-month | unit price | cost | share |\n|---|---:|---:|---:|---:|\n");
        for (Cost cost : costs) {
            Prices.Line line = prices.line(cost.lineId());
            d.append("| ")
                    .append(line.description())
                    .append(" (`")
                    .append(cost.lineId())
                    .append("`) | ")
                    .append(qty(cost.quantity()))
                    .append(" ")
                    .append(line.unit())
                    .append(" | ")
                    .append(line.priceText())
                    .append(" | ")
                    .append(usd(cost.usd()))
                    .append(" | ")
                    .append(percent(cost.usd(), userMonth))
                    .append(" |\n");
        }
        d.append("| **total per active user per month** | | | **")
                .append(usd(userMonth))
                .append("** | |\n\n");
        d.append("Against the target of **< $0.15 per user per month at 100K users**: ")
                .append(met ? "met" : "not met")
                .append(" (")
                .append(percent(userMonth, TARGET_USD_PER_USER_MONTH))
                .append(" of it; 100K users cost ")
                .append(usd(userMonth.multiply(BigDecimal.valueOf(100_000))))
                .append(" a month). ")
                .append(dominates(costs))
                .append(" At 100K users the month has ")
                .append(String.format(Locale.ROOT, "%,d", 100_000L * API_CALLS_PER_USER_MONTH))
                .append(" API requests, the edge of API Gateway's first price tier (300 million; beyond it $0.90 per")
                .append(" million): the first tier's price is used throughout. With the quiet-tenant bound for every")
                .append(" request (its own lease, plan lookup and metering transaction), the month costs ")
                .append(usd(sparse))
                .append(" per user.\n\n");
        return d.toString();
    }

    private String allInSection(BigDecimal userMonth) {
        StringBuilder d = new StringBuilder("## All in: traces, metrics, alarms, secrets\n\n");
        AllIn.Stack stack = allIn.stack();
        d.append("CloudWatch Logs is measured with each operation and already in the lines above (")
                .append(qty(m.perRequest().logBytes(), 0))
                .append(" bytes a request). The rest runs beside the requests:\n\n");
        d.append("- **X-Ray traces.** Every function has `Tracing: Active`, and Lambda samples 1 request a second of")
                .append(" each function and 5 % of the rest; nobody can change that. A user-month invokes ")
                .append(qty(allIn.invocationsPerUser(), 1))
                .append(" function invocations (the mix's, and the uploads' and the invoices' workers), spread over")
                .append(" the functions as")
                .append(" measured. At ")
                .append(String.format(Locale.ROOT, "%,d", REFERENCE_USERS))
                .append(" users each function's rate is its share of them over a month; sampled as above, a user-month")
                .append(" records ")
                .append(qty(allIn.tracesPerUserMonth(REFERENCE_USERS), 1))
                .append(" traces (")
                .append(usd(allIn.traceCost(REFERENCE_USERS)))
                .append(" at ")
                .append(prices.line(Prices.XRAY_TRACES).priceText())
                .append("); at ")
                .append(String.format(Locale.ROOT, "%,d", SMALL_STACK_USERS))
                .append(" users, where more of each function's traffic falls in the reservoir, ")
                .append(qty(allIn.tracesPerUserMonth(SMALL_STACK_USERS), 1))
                .append(" traces (")
                .append(usd(allIn.traceCost(SMALL_STACK_USERS)))
                .append(
                        "). Retrieving and scanning traces ($0.50 per million) depends on who looks, and is not in it.\n");
        d.append("- **Custom metrics**, at most: ")
                .append(stack.customMetrics())
                .append(" (docs/metrics.md's names under their dimension sets, with the template's ")
                .append(stack.routes())
                .append(" routes, ")
                .append(stack.workers())
                .append(" queue workers, ")
                .append(stack.otherFunctions())
                .append(" other functions and 4 plan values), ")
                .append(usd(allIn.customMetricsPerStack()))
                .append(" a month at ")
                .append(prices.line(Prices.CUSTOM_METRICS).priceText())
                .append(". The tenant is never a dimension, so this does not grow with tenants.\n");
        d.append("- **Alarms, the dashboard, the Contributor Insights rules**: ")
                .append(usd(AllIn.OPERATIONS_FIXED_USD))
                .append(" a month per stack ([operations.md](operations.md#what-it-costs)), and the rules' matched")
                .append(" events, about $0.04 per million tenant requests (")
                .append(usd(allIn.ruleEventsPerUserMonth()))
                .append(" a user-month).\n");
        d.append("- **Secrets Manager**: ")
                .append(stack.secrets())
                .append(" secrets at $0.40 a month, and the cursor keys' reads, at most ")
                .append(qty(AllIn.SECRET_READS_PER_INSTANCE_MONTH, 0))
                .append(" a month for each warm instance of a function that pages; at an assumed ")
                .append(AllIn.WARM_PAGING_INSTANCES)
                .append(" warm instances (the reference load keeps a few concurrent on average), ")
                .append(usd(allIn.secretsPerStack()))
                .append(" a month in all. STS is free; a cold deploy's burst of credential vending is a rate to mind,")
                .append(" not a cost.\n\n");
        BigDecimal fixed = allIn.fixedPerStack();
        d.append(
                        "| users of the stack | measured operations, logs included | X-Ray | rules' events | fixed per stack (")
                .append(usd(fixed))
                .append(" a month), per user | **all in, per user-month** |\n|---:|---:|---:|---:|---:|---:|\n");
        for (long users : List.of(SMALL_STACK_USERS, REFERENCE_USERS)) {
            d.append("| ")
                    .append(String.format(Locale.ROOT, "%,d", users))
                    .append(" | ")
                    .append(usd(userMonth))
                    .append(" | ")
                    .append(usd(allIn.traceCost(users)))
                    .append(" | ")
                    .append(usd(allIn.ruleEventsPerUserMonth()))
                    .append(" | ")
                    .append(usd(fixed.divide(BigDecimal.valueOf(users), MathContext.DECIMAL128)))
                    .append(" | **")
                    .append(usd(allIn.userMonth(userMonth, users)))
                    .append("** |\n");
        }
        d.append("\nAgainst the target of **< $0.15 per user per month at 100K users**: ")
                .append(
                        allIn.userMonth(userMonth, REFERENCE_USERS).compareTo(TARGET_USD_PER_USER_MONTH) < 0
                                ? "met"
                                : "not met")
                .append(", all in, at ")
                .append(percent(allIn.userMonth(userMonth, REFERENCE_USERS), TARGET_USD_PER_USER_MONTH))
                .append(" of it.\n\n");
        return d.toString();
    }

    private String workloadSection() {
        return "## The workload file\n\n"
                + "`" + WORKLOAD + "` holds what one operation uses of each priced line, for the cost export's model"
                + " (quantity of a line = requests × `perRequest` + media processed × `perMediaUpload` + invoices"
                + " rendered × `perInvoice`; compute and storage are metered per tenant and priced directly, so"
                + " `lambda-duration-arm64` and `s3-storage` are not in it). `perRequest` is the mix's request as"
                + " measured, metering and rate limiter included. Every API request is metered as a request,"
                + " including an upload's `POST /v1/media` and an invoice's `POST` and `GET`, so `perMediaUpload` and"
                + " `perInvoice` hold what those operations use **beyond** what their API requests are already priced"
                + " at: their API Gateway requests and their HTTP functions' invocations are left out, and their"
                + " DynamoDB units are the operation's own less `perRequest`'s units for each of its API requests"
                + " (an upload's `POST` writes more than an average request, an idempotency record and the media"
                + " item, and that difference stays with the upload). What remains is the worker's invocation, those"
                + " DynamoDB units, the SQS and S3 requests (those the API functions make included) and the metering"
                + " flush of the operation's events. So a tenant's quantities in the export add up to what its"
                + " operations were measured to use.\n\n" + "```json\n" + workloadJson() + "```\n\n";
    }

    private String notModelled() {
        return "## Not measured or not modelled\n\n"
                + "- Lines the price file does not have: Cognito monthly active users (the template's user pool),"
                + " DynamoDB storage and point-in-time recovery, KMS, SES (an email is $0.10 per thousand;"
                + " docs/email.md), data transfer out. They are not in these numbers.\n"
                + "- X-Ray traces retrieved or scanned, and CloudWatch Logs Insights queries: they depend on who"
                + " looks.\n"
                + "- The pollers' empty receives: Lambda's event source mappings poll every queue while it is idle"
                + " (a cost per queue and month, whatever the traffic).\n"
                + "- Failed conditional writes: DynamoDB charges them, but an error carries no consumed capacity, so"
                + " they are not in the units above; the tables list how many there were.\n"
                + "- Lambda's own durations: cold starts, SnapStart restores, and the CPU share of a real 1024 MB or"
                + " 2048 MB arm64 instance. The durations above are the local backend's, on this machine.\n"
                + "- Concurrency: one request at a time; in the local backend one meter and one rate limiter serve all"
                + " functions, where Lambda has one per instance (the quiet-tenant bound covers the difference).\n";
    }

    // ---------------------------------------------------------------- BENCHMARKS.md and the console

    String benchmarksSection() {
        return "The cost model ([cost-model.md](cost-model.md)) is measured by driving the real functions through"
                + " the local backend, with DynamoDB's consumed capacity, every SQS and S3 request, and every"
                + " invocation counted. Regenerate it (and `" + WORKLOAD + "`) with:\n\n```bash\n" + command
                + "\n```\n\n" + "Measured " + date + " (" + took.toSeconds() + " s), prices `" + prices.version()
                + "`, free tiers not applied:\n\n"
                + "| operation | cost on AWS |\n|---|---:|\n"
                + "| one API request (reference mix) | " + usd(requestCost()) + " (" + perMillion(requestCost())
                + " per million) |\n"
                + "| one media upload (12 MP JPEG) | " + usd(uploadCost()) + " |\n"
                + "| one invoice | " + usd(invoiceCost()) + " |\n"
                + "| one webhook delivery (beyond the write that caused it) | " + usd(deliveryCost())
                + "; latency p50 " + qty(m.deliveryLatencyMillis(50), 1) + " ms, p99 "
                + qty(m.deliveryLatencyMillis(99), 1) + " ms (local) |\n"
                + "| one audit event (inside the request's cost) | " + usd(auditEventCost()) + " |\n"
                + "| bytes logged per request of the mix (its functions' lines, the workers', Lambda's) | "
                + qty(m.perRequest().logBytes(), 0) + " (p50 per HTTP invocation " + qty(m.apiLogBytes(50), 0)
                + ") |\n"
                + "| one active user per month (3,000 calls, 2 uploads, 0.1 invoice, storage) | "
                + usd(userMonthCost()) + " (target < $0.15) |\n"
                + "| the same, every request paying its own rate-limiter lease, plan lookup and metering flush"
                + " (quiet tenants' bound) | " + usd(sparseUserMonthCost()) + " |\n"
                + "| one active user per month all in at 100K users (X-Ray, custom metrics, alarms, dashboard, rules,"
                + " secrets) | " + usd(allIn.userMonth(userMonthCost(), REFERENCE_USERS)) + " |\n\n";
    }

    String summary() {
        return "cost model: request " + usd(requestCost()) + ", upload " + usd(uploadCost()) + ", invoice "
                + usd(invoiceCost()) + ", user-month " + usd(userMonthCost()) + ", all in at 100K users "
                + usd(allIn.userMonth(userMonthCost(), REFERENCE_USERS)) + ", log bytes per request "
                + qty(m.perRequest().logBytes(), 0) + " (quiet-tenant bound "
                + usd(sparseUserMonthCost()) + "); per request " + linesText(m.perRequest()) + "; per upload "
                + linesText(m.perUploadBeyondApi()) + "; per invoice " + linesText(m.perInvoiceBeyondApi());
    }
}
