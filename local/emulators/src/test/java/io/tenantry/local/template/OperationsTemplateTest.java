package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What operating the stack depends on, read from the real template so that an edit cannot drop it silently: every
 * function deploys through CodeDeploy behind an alarm on its new version only; the SLO burn-rate and anomaly
 * alarms exist and, like every alarm, notify the alarm topic; the dashboard and the top-tenant rules exist.
 * docs/operations.md explains each.
 */
class OperationsTemplateTest {
    static final SamTemplate TEMPLATE = SamTemplate.load(RealTemplateTest.templateFile());
    /** The nested stack of service-level monitoring, template.yaml's {@code Monitoring}. */
    static final SamTemplate MONITORING =
            SamTemplate.load(RealTemplateTest.templateFile().resolveSibling("monitoring.yaml"));

    static final Map<String, Object> TOPIC = Map.of("Ref", "AlarmTopic");
    static final Set<String> ALARM_TYPES = Set.of("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm");

    static List<TemplateResource> ofType(String type) {
        return ofType(TEMPLATE, type);
    }

    static List<TemplateResource> ofType(SamTemplate template, String type) {
        return template.resources().values().stream()
                .filter(r -> r.type().equals(type))
                .toList();
    }

    static Map<String, Object> map(Object value, String path) {
        return Nodes.map(value, path);
    }

    static TemplateResource referenced(Object ref) {
        String id = String.valueOf(map(ref, "a Ref").get("Ref"));
        TemplateResource resource = TEMPLATE.resources().get(id);
        assertTrue(resource != null, "no resource " + id);
        return resource;
    }

    static boolean isApiFunction(String logicalId) {
        return !TEMPLATE.function(logicalId).events(FunctionEvent.HttpApi.class).isEmpty()
                || logicalId.equals("PreTokenGenerationFunction");
    }

    @Test
    void everyFunction_deploysThroughCodeDeploy_rolledBackByAnAlarmOnItsNewVersionOnly() {
        Map<String, Object> global = map(TEMPLATE.functionGlobals().get("DeploymentPreference"), "Globals");
        assertEquals(
                Map.of("Fn::If", List.of("GradualDeploys", "Canary10Percent5Minutes", "AllAtOnce")),
                global.get("Type"),
                "API functions: a 10% canary for 5 minutes, all at once when DeploymentStrategy says so");
        List<String> wrong = new ArrayList<>();
        for (TemplateResource function : ofType(TemplateResource.FUNCTION)) {
            String id = function.logicalId();
            Map<String, Object> preference = map(function.properties().get("DeploymentPreference"), id);
            Object type = preference.getOrDefault("Type", global.get("Type"));
            if (id.equals("PreTrafficHookFunction")) {
                if (!"AllAtOnce".equals(type) || preference.containsKey("Hooks")) {
                    wrong.add(id + ": the hook goes out at once, without a hook of its own");
                }
            } else if (isApiFunction(id)) {
                if (preference.containsKey("Type")
                        || !Map.of("PreTraffic", Map.of("Ref", "PreTrafficHookFunction"))
                                .equals(preference.get("Hooks"))) {
                    wrong.add(id + ": an API function takes the canary and the PreTraffic hook");
                }
            } else if (!Map.of("Fn::If", List.of("GradualDeploys", "Linear10PercentEvery1Minute", "AllAtOnce"))
                    .equals(type)) {
                wrong.add(id + ": a worker deploys linearly (" + type + ")");
            }
            List<?> alarms = (List<?>) preference.get("Alarms");
            if (alarms == null || alarms.isEmpty()) {
                wrong.add(id + ": no rollback alarm");
                continue;
            }
            for (Object ref : alarms) {
                TemplateResource alarm = referenced(ref);
                for (Map<String, Object> metric : metricsOf(alarm)) {
                    if (!versionScoped(id, metric)) {
                        wrong.add(id + ": " + alarm.logicalId() + " watches " + metric.get("MetricName")
                                + ", which is not scoped to the function's new version");
                    }
                }
            }
            boolean watches5xx = alarms.stream()
                    .map(OperationsTemplateTest::referenced)
                    .flatMap(a -> metricsOf(a).stream())
                    .anyMatch(m -> "ServerErrors".equals(m.get("MetricName")));
            if (isApiFunction(id) && !id.equals("PreTokenGenerationFunction") && !watches5xx) {
                wrong.add(id + ": no alarm on the 5xx its new version answers");
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(ofType(TemplateResource.FUNCTION).size() >= 32, "every function was read");
    }

    /**
     * The metrics an alarm watches: its own (Namespace, MetricName, Dimensions), or each metric of its metric math,
     * whose expression must read every one of them.
     */
    static List<Map<String, Object>> metricsOf(TemplateResource alarm) {
        Object queries = alarm.properties().get("Metrics");
        if (queries == null) {
            return List.of(alarm.properties());
        }
        List<Map<String, Object>> metrics = new ArrayList<>();
        String expressions = ((List<?>) queries)
                .stream()
                        .map(q -> map(q, alarm.logicalId()))
                        .filter(q -> q.containsKey("Expression"))
                        .map(q -> String.valueOf(q.get("Expression")))
                        .collect(Collectors.joining(" "));
        for (Object query : (List<?>) queries) {
            Map<String, Object> entry = map(query, alarm.logicalId());
            if (entry.containsKey("MetricStat")) {
                assertTrue(
                        expressions.matches(".*\\b" + entry.get("Id") + "\\b.*"),
                        alarm.logicalId() + ": the expression does not read " + entry.get("Id"));
                metrics.add(map(map(entry.get("MetricStat"), alarm.logicalId()).get("Metric"), alarm.logicalId()));
            }
        }
        return metrics;
    }

    /**
     * Lambda's {@code Errors} of the new version (Resource, FunctionName, ExecutedVersion), or the 5xx the new version
     * answered: the EMF lines' {@code ServerErrors} in the functions' namespace, with the stack as {@code Service} and
     * {@code FunctionVersion = <function>:<new version>} (the dimension {@code FunctionMetrics} adds to a 5xx line;
     * {@code RouteMetricsIT} checks the line's side).
     */
    static boolean versionScoped(String functionId, Map<String, Object> metric) {
        Object dimensionList = metric.get("Dimensions");
        if (dimensionList == null) {
            return false;
        }
        Map<String, Object> dimensions = ((List<?>) dimensionList)
                .stream()
                        .map(d -> map(d, functionId))
                        .collect(Collectors.toMap(d -> String.valueOf(d.get("Name")), d -> d.get("Value")));
        if ("AWS/Lambda".equals(metric.get("Namespace"))) {
            return dimensions.keySet().equals(Set.of("Resource", "FunctionName", "ExecutedVersion"))
                    && Map.of("Ref", functionId).equals(dimensions.get("FunctionName"))
                    && String.valueOf(dimensions.get("ExecutedVersion")).contains(functionId)
                    && String.valueOf(dimensions.get("ExecutedVersion")).contains("Version");
        }
        return Map.of("Ref", "MetricsNamespace").equals(metric.get("Namespace"))
                && "ServerErrors".equals(metric.get("MetricName"))
                && dimensions.keySet().equals(Set.of("Service", "FunctionVersion"))
                && Map.of("Ref", "AWS::StackName").equals(dimensions.get("Service"))
                && Map.of("Fn::Sub", "${" + functionId + "}:${" + functionId + ".Version.Version}")
                        .equals(dimensions.get("FunctionVersion"));
    }

    @Test
    void everyAlarm_notifiesTheAlarmTopic() {
        List<String> silent = java.util.stream.Stream.concat(
                        TEMPLATE.resources().values().stream(), MONITORING.resources().values().stream())
                .filter(r -> ALARM_TYPES.contains(r.type()))
                .filter(r -> !((List<?>) r.properties().getOrDefault("AlarmActions", List.of())).contains(TOPIC))
                .map(TemplateResource::logicalId)
                .toList();
        assertEquals(List.of(), silent);
    }

    @Test
    void theBurnRateAlarms_pairALongAndAShortWindow_atTheirMultiplesOfTheBudget() {
        Map<String, double[]> windows = Map.of(
                "AvailabilityBurn1hAlarm", new double[] {3600, 0.0144},
                "AvailabilityBurn5mAlarm", new double[] {300, 0.0144},
                "AvailabilityBurn6hAlarm", new double[] {21600, 0.006},
                "AvailabilityBurn30mAlarm", new double[] {1800, 0.006});
        windows.forEach((id, expected) -> {
            TemplateResource alarm = MONITORING.resource(id);
            assertEquals(expected[1], ((Number) alarm.properties().get("Threshold")).doubleValue(), id);
            List<?> metrics = (List<?>) alarm.properties().get("Metrics");
            for (Object metric : metrics) {
                Map<String, Object> query = map(metric, id);
                if (query.containsKey("MetricStat")) {
                    Map<String, Object> stat = map(query.get("MetricStat"), id);
                    assertEquals(expected[0], ((Number) stat.get("Period")).doubleValue(), id);
                    assertEquals("AWS/ApiGateway", map(stat.get("Metric"), id).get("Namespace"), id);
                } else {
                    assertTrue(String.valueOf(query.get("Expression")).contains("/"), id + " computes a share");
                }
            }
        });
        assertRule("AvailabilityFastBurnAlarm", "AvailabilityBurn1hAlarm", "AvailabilityBurn5mAlarm", " AND ");
        assertRule("AvailabilitySlowBurnAlarm", "AvailabilityBurn6hAlarm", "AvailabilityBurn30mAlarm", " AND ");
        assertRule(
                "QuietTroubleAlarm",
                "AvailabilitySlowBurnAlarm",
                "RequestsAnomalyHighAlarm",
                "RequestsAnomalyLowAlarm",
                "ServerErrorRateAnomalyAlarm",
                "LatencyAnomalyAlarm",
                " AND (");
    }

    static void assertRule(String id, String... parts) {
        String rule = String.valueOf(
                map(MONITORING.resource(id).properties().get("AlarmRule"), id).get("Fn::Sub"));
        for (String part : parts) {
            assertTrue(rule.contains(part.startsWith(" ") ? part : "ALARM(\"${" + part + "}\")"), id + ": " + rule);
        }
    }

    @Test
    void anomalyBands_watchRequestsBothWays_the5xxShare_andP99Latency() {
        Map<String, String> expected = Map.of(
                "RequestsAnomalyHighAlarm", "GreaterThanUpperThreshold",
                "RequestsAnomalyLowAlarm", "LessThanLowerThreshold",
                "ServerErrorRateAnomalyAlarm", "GreaterThanUpperThreshold",
                "LatencyAnomalyAlarm", "GreaterThanUpperThreshold");
        expected.forEach((id, comparison) -> {
            TemplateResource alarm = MONITORING.resource(id);
            assertEquals(comparison, alarm.properties().get("ComparisonOperator"), id);
            String band = String.valueOf(alarm.properties().get("ThresholdMetricId"));
            boolean hasBand = ((List<?>) alarm.properties().get("Metrics"))
                    .stream()
                            .map(m -> map(m, id))
                            .anyMatch(m -> band.equals(m.get("Id"))
                                    && String.valueOf(m.get("Expression")).startsWith("ANOMALY_DETECTION_BAND("));
            assertTrue(hasBand, id + " alarms on an anomaly band");
        });
        String latency =
                String.valueOf(MONITORING.resource("LatencyAnomalyAlarm").properties());
        assertTrue(latency.contains("Stat=p99") && latency.contains("MetricName=Latency"), latency);
    }

    @Test
    void capacityAlarms_coverThrottlesConcurrencyTheTableAndEveryDeadLetterQueuesDepthAndAge() {
        String alarms = ofType(MONITORING, "AWS::CloudWatch::Alarm").stream()
                .map(a -> String.valueOf(a.properties()))
                .collect(Collectors.joining("\n"));
        for (String metric : List.of("MetricName=Throttles", "MetricName=ConcurrentExecutions", "ThrottledRequests")) {
            assertTrue(alarms.contains(metric), metric);
        }
        for (String queue : TEMPLATE.queues().keySet()) {
            if (queue.contains("DeadLetter")) {
                for (String metric : List.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage")) {
                    boolean watched = ofType(MONITORING, "AWS::CloudWatch::Alarm").stream()
                            .map(a -> String.valueOf(a.properties()))
                            .anyMatch(p -> p.contains(metric) && p.contains(queue) && p.contains("QueueName"));
                    assertTrue(watched, queue + " " + metric);
                }
            }
        }
    }

    @Test
    void theDashboard_showsTheTopTenantRules_whichReadTheTenantOfEachRequestsMetricsLine() {
        List<TemplateResource> dashboards = ofType(MONITORING, "AWS::CloudWatch::Dashboard");
        assertEquals(1, dashboards.size());
        String body = String.valueOf(dashboards.getFirst().properties().get("DashboardBody"));
        List<TemplateResource> rules = ofType(MONITORING, "AWS::CloudWatch::InsightRule");
        assertEquals(
                Set.of("TopTenantsByRequestsRule", "TopTenantsByErrorsRule", "TopTenantsByLatencyRule"),
                rules.stream().map(TemplateResource::logicalId).collect(Collectors.toSet()));
        for (TemplateResource rule : rules) {
            assertTrue(body.contains("${" + rule.logicalId() + ".RuleName}"), rule.logicalId() + " on the dashboard");
            String ruleBody = String.valueOf(rule.properties().get("RuleBody"));
            assertTrue(ruleBody.contains("\"Keys\": [\"$.TenantId\"]"), ruleBody);
            assertTrue(ruleBody.contains("{\"Match\": \"$.Requests\", \"IsPresent\": true}"), ruleBody);
        }
        for (String section :
                List.of("error budget left", "per route", "Worker queues", "Cold starts", "Cost driver")) {
            assertTrue(body.contains(section), "the dashboard shows " + section);
        }
    }

    /**
     * The nested stack is wired, parameter by parameter, to what each parameter is named after: {@code X} is the
     * parent's resource or parameter {@code X}, {@code XName} the queue {@code X}'s name, {@code ServiceName} the
     * parent stack's name (inside a nested stack {@code AWS::StackName} would name the nested stack, not the Service
     * dimension the functions write). The parent passes every parameter and nothing else, and the dashboard link
     * reads the nested stack's output.
     */
    @Test
    void theMonitoringStack_getsEveryParameter_fromWhatItIsNamedAfter() {
        TemplateResource monitoring = TEMPLATE.resource("Monitoring");
        assertEquals("AWS::Serverless::Application", monitoring.type());
        assertEquals("monitoring.yaml", monitoring.properties().get("Location"));
        Map<String, Object> passed = map(monitoring.properties().get("Parameters"), "Monitoring.Parameters");
        assertEquals(MONITORING.parameters().keySet(), passed.keySet());
        passed.forEach((name, value) -> {
            Map<String, Object> reference = map(value, name);
            Object expected;
            if (name.equals("ServiceName")) {
                expected = Map.of("Ref", "AWS::StackName");
            } else if (name.endsWith("QueueName")) {
                String queue = name.substring(0, name.length() - "Name".length());
                assertTrue(TEMPLATE.queues().containsKey(queue), name + ": no queue " + queue);
                expected = Map.of("Fn::GetAtt", List.of(queue, "QueueName"));
            } else {
                assertTrue(
                        TEMPLATE.resources().containsKey(name)
                                || TEMPLATE.parameters().containsKey(name),
                        name + " is neither a resource nor a parameter of template.yaml");
                expected = Map.of("Ref", name);
            }
            assertEquals(expected, reference, name);
        });
        String monitoringText = String.valueOf(MONITORING.resources());
        assertTrue(!monitoringText.contains("AWS::StackName"), "the nested stack names the service by ServiceName");
        assertTrue(MONITORING.raw().toString().contains("DashboardName"));
        String url =
                String.valueOf(map(TEMPLATE.raw().get("Outputs"), "Outputs").get("DashboardUrl"));
        assertTrue(url.contains("${Monitoring.Outputs.DashboardName}"), url);
    }
}
