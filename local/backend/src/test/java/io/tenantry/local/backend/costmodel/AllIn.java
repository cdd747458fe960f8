package io.tenantry.local.backend.costmodel;

import io.tenantry.local.backend.costmodel.Invocations.Invocation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a user-month costs with everything running beside the requests: X-Ray traces at Lambda's fixed sampling, the
 * stack's custom metrics, alarms, dashboard and Contributor Insights rules, and Secrets Manager. (CloudWatch Logs is
 * measured with the operations and already in their quantities.) The traces follow the measured invocations of each
 * function; the fixed lines are counted from the template and spread over the users of a stack.
 *
 * @param stack what the template defines that the fixed lines depend on
 */
record AllIn(Measured m, Prices prices, Stack stack) {
    static final double SECONDS_PER_MONTH = Measured.DAYS_PER_MONTH * 86_400;

    /** Lambda's sampling with {@code Tracing: Active} (not configurable): 1 request a second, then 5 % of the rest. */
    static final double RESERVOIR_PER_SECOND = 1;

    static final double SAMPLED_BEYOND = 0.05;

    /**
     * Alarms, the dashboard and the Contributor Insights rules, per stack and month, as docs/operations.md counts
     * them from both templates ("What it costs"), and the rules' matched events per tenant request (about 2, at
     * $0.02 per million).
     */
    static final BigDecimal OPERATIONS_FIXED_USD = new BigDecimal("19.60");

    static final BigDecimal RULE_EVENTS_USD_PER_REQUEST = new BigDecimal("0.00000004");

    /** The cursor-signing keys: each paging instance reads them at most twice every 5 minutes. */
    static final double SECRET_READS_PER_INSTANCE_MONTH = 2 * 12 * 24 * Measured.DAYS_PER_MONTH;

    /** An assumption, not a measurement: warm instances of the paging functions at the reference load, at most. */
    static final int WARM_PAGING_INSTANCES = 100;

    static final BigDecimal SECRET_USD_PER_MONTH = new BigDecimal("0.40");

    /**
     * What the template defines: its routes, its queue workers ({@code SQS} events), its other functions, its
     * secrets.
     */
    record Stack(int routes, int workers, int otherFunctions, int secrets) {
        /**
         * The custom metrics docs/metrics.md defines, at most: each name under each dimension set and value, with 4
         * plan values ({@code free}, {@code pro}, {@code enterprise}, {@code none}).
         */
        int customMetrics() {
            int plans = 4;
            int route = 5 * (1 + routes + plans);
            int worker = 4 * (1 + workers);
            int other = 3 * (1 + otherFunctions);
            int business = 8 * (1 + plans);
            int restores = 1 + routes + plans + workers + otherFunctions;
            return route + worker + other + business + restores;
        }
    }

    /**
     * Invocations of each function in one user-month: the mix's per request × the month's calls, and what the
     * uploads and invoices invoke beyond their API requests.
     */
    Map<String, Double> invocationsPerUserMonth() {
        Map<String, Double> perUser = new TreeMap<>();
        double requests = m.mix().apiRequests();
        for (Invocation invocation : m.mix().invocations) {
            perUser.merge(invocation.function(), CostModelReport.API_CALLS_PER_USER_MONTH / requests, Double::sum);
        }
        addWorkers(perUser, m.uploadsWhole(), m.uploads().size(), CostModelReport.UPLOADS_PER_USER_MONTH);
        addWorkers(perUser, m.invoicesWhole(), m.invoices().size(), 1.0 / CostModelReport.USERS_PER_TENANT);
        return perUser;
    }

    private static void addWorkers(Map<String, Double> perUser, Tally whole, int operations, double perMonth) {
        for (Invocation invocation : whole.invocations) {
            if (!invocation.isApi()) {
                perUser.merge(invocation.function(), perMonth / operations, Double::sum);
            }
        }
    }

    /** Traces recorded in a user-month at {@code users} active users: each function's rate, sampled. */
    double tracesPerUserMonth(long users) {
        double traced = 0;
        for (double perUser : invocationsPerUserMonth().values()) {
            double rate = perUser * users / SECONDS_PER_MONTH;
            traced += Math.min(rate, RESERVOIR_PER_SECOND) + SAMPLED_BEYOND * Math.max(0, rate - RESERVOIR_PER_SECOND);
        }
        return traced * SECONDS_PER_MONTH / users;
    }

    double invocationsPerUser() {
        return invocationsPerUserMonth().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    BigDecimal traceCost(long users) {
        return prices.line(Prices.XRAY_TRACES).cost(BigDecimal.valueOf(tracesPerUserMonth(users)));
    }

    BigDecimal customMetricsPerStack() {
        return prices.line(Prices.CUSTOM_METRICS).cost(BigDecimal.valueOf(stack.customMetrics()));
    }

    BigDecimal secretsPerStack() {
        return SECRET_USD_PER_MONTH
                .multiply(BigDecimal.valueOf(stack.secrets()))
                .add(prices.line(Prices.SECRETS_CALLS)
                        .cost(BigDecimal.valueOf(SECRET_READS_PER_INSTANCE_MONTH * WARM_PAGING_INSTANCES)));
    }

    /** Per stack and month, whatever the traffic: custom metrics, alarms, dashboard, rules, secrets. */
    BigDecimal fixedPerStack() {
        return customMetricsPerStack().add(OPERATIONS_FIXED_USD).add(secretsPerStack());
    }

    /** The rules' matched events for a user-month's requests. */
    BigDecimal ruleEventsPerUserMonth() {
        return RULE_EVENTS_USD_PER_REQUEST.multiply(BigDecimal.valueOf(CostModelReport.API_CALLS_PER_USER_MONTH));
    }

    /** A user-month all in at {@code users} active users: the measured operations, traces, and a share of the fixed. */
    BigDecimal userMonth(BigDecimal measured, long users) {
        return measured.add(traceCost(users))
                .add(ruleEventsPerUserMonth())
                .add(fixedPerStack().divide(BigDecimal.valueOf(users), MathContext.DECIMAL128));
    }
}
